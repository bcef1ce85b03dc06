"""Agencies, teams and users."""
