"""Supervision sessions that walk the guidance's prompts, share what must be shared, carry
actions forward, and never lapse silently."""
