"""Who may reach a route, in the matrix's terms."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("anonymous", "practitioner", "hv", "outsider", "manager", "manager2", "admin")
SIGNED_IN = frozenset(ROLES) - {"anonymous"}
CASE_WORKERS = SIGNED_IN - {"admin"}
# On the case team (practitioner from North, health visitor from another agency) or managing
# someone who is (manager of North).
CASE_TEAM = frozenset({"practitioner", "hv", "manager"})
ADMINS = frozenset({"admin"})


@dataclass(frozen=True)
class Rule:
    """``allowed`` roles reach the route; other signed-in roles get 404; anonymous users are
    sent to sign in unless ``public``. ``get_status`` overrides the expected GET status for a
    role (e.g. the dashboard redirects administrators to administration)."""

    allowed: frozenset[str]
    public: bool = False
    get_status: dict[str, int] = field(default_factory=dict)
    query: str = ""  # appended to GET URLs, e.g. "?kind=child"


def case_rule(**kwargs) -> Rule:
    return Rule(allowed=CASE_TEAM, **kwargs)


def admin_rule(**kwargs) -> Rule:
    return Rule(allowed=ADMINS, **kwargs)
