"""Every domain's models, imported in one place so Alembic and the app see the whole schema.

A new domain adds one import line here.
"""

from supervise.accounts.models import Agency, Team, User, team_managers  # noqa: F401
from supervise.agreements.models import Agreement, AgreementClause  # noqa: F401
from supervise.alerts.models import RiskAlert, RiskAlertReview  # noqa: F401
from supervise.audit.models import AuditEvent  # noqa: F401
from supervise.auth.models import RecoveryCode, UserSession  # noqa: F401
from supervise.breaches.models import Breach, BreachEscalation, BreachFollowUp  # noqa: F401
from supervise.cases.models import (  # noqa: F401
    Address,
    Case,
    CaseTeamMember,
    Person,
    Relationship,
)
from supervise.chronology.models import ChronologyAddendum, ManualEntry  # noqa: F401
from supervise.documents.models import DocumentTemplate, GeneratedDocument  # noqa: F401
from supervise.events.models import CaseEvent, ChildSighting  # noqa: F401
from supervise.incidents.models import Incident, NonCooperationRecord  # noqa: F401
from supervise.notifications.models import Notification  # noqa: F401
from supervise.plans.models import ActionPlan, PlanSignOff  # noqa: F401
from supervise.supervision.models import (  # noqa: F401
    AgreedAction,
    CarriedAction,
    ConcernShare,
    SessionAddendum,
    SessionCase,
    ShareRecipient,
    SupervisionAnswer,
    SupervisionCadence,
    SupervisionDecision,
    SupervisionSession,
)
from supervise.visits.models import (  # noqa: F401
    OverdueAlert,
    SafetyProfile,
    Visit,
    VisitEscalation,
)
