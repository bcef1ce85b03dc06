"""Small text helpers shared by queries."""


def like_pattern(term: str) -> str:
    """A ``LIKE`` pattern matching ``term`` anywhere, with its wildcards escaped (escape ``\\``)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
