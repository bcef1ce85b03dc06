"""Signing in and out, passwords, and the user's own account."""
