"""The case event log: one place where every feature records "something happened on this case"."""
