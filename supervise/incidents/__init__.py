"""Incidents of hostility or violence towards workers, and non-cooperation records."""
