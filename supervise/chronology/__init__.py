"""The chronology: the child's story, dated and sourced, built on the case event log."""
