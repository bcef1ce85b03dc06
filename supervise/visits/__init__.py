"""Visits: approved only on a signed-off action plan, then monitored until the worker is back
(``gwent:6.2``: "a monitoring system for home visits")."""
