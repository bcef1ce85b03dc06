"""The home page: panels from every domain, for practitioners and line managers."""
