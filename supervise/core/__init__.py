"""Shared building blocks: errors, forms, htmx helpers, model helpers."""
