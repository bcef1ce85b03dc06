"""Rules every supervision operation shares: who may act, whether the record can still change,
and auditing that never copies the private *impact on me* section anywhere near a case."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel import gettext as _

from supervise.accounts.models import User
from supervise.audit.models import AuditEvent
from supervise.audit.operations import record_audit
from supervise.core.errors import IllegalTransition, NotAllowed
from supervise.supervision.access import role_in
from supervise.supervision.models import SessionStatus, SupervisionSession


def require_role(session: SupervisionSession, by: User, *roles: str) -> str:
    """The user's role in the session, refusing anyone who may not take this step."""
    role = role_in(session, by)
    if role is None or (roles and role not in roles):
        raise NotAllowed(_("Only the line manager can do that") if roles == ("manager",)
                         else _("Only the practitioner and their line manager can do that"))
    return role


def require_open(session: SupervisionSession) -> None:
    """Preparation and the session itself can change; a signed or cancelled record cannot."""
    if session.status is SessionStatus.SIGNED:
        raise IllegalTransition(_("This record is signed and cannot change: add an addendum"))
    if session.status is SessionStatus.CANCELLED:
        raise IllegalTransition(_("This session was cancelled"))


def require_held(session: SupervisionSession) -> None:
    require_open(session)
    if session.status is not SessionStatus.HELD:
        raise IllegalTransition(_("Start the session first: this is recorded during the "
                                  "session itself"))


def before_change(session: SupervisionSession, by: User, *roles: str) -> str:
    """Check the user may change the open record; returns their role."""
    role = require_role(session, by, *roles)
    require_open(session)
    return role


def audit(action: str, obj: Any, *, by: User, changes: dict[str, Any] | None = None,
          private: bool = False) -> AuditEvent:
    """Audit a change. A private record (impact on me) is audited without its content and
    without a case, so no case's audit trail or export can carry it."""
    if private and changes:
        changes = {name: "changed" for name in changes}
    event = record_audit(action, obj, changes=changes, user=by)
    if private:
        event.case_id = None
    return event


def path_for(endpoint: str, **values: Any) -> str:
    """A path inside the app for a notification link, also outside a request (demo data)."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind("localhost").build(endpoint, values)
