"""Every domain's models, imported in one place so Alembic and the app see the whole schema.

A new domain adds one import line here.
"""

from supervise.accounts.models import Agency, Team, User, team_managers  # noqa: F401
from supervise.alerts.models import RiskAlert  # noqa: F401
from supervise.audit.models import AuditEvent  # noqa: F401
from supervise.cases.models import (  # noqa: F401
    Address,
    Case,
    CaseTeamMember,
    Person,
    Relationship,
)
from supervise.events.models import CaseEvent  # noqa: F401
from supervise.notifications.models import Notification  # noqa: F401
