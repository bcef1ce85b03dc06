"""Who may see a supervision record: the practitioner supervised and their line managers.
Everyone else — case-team colleagues, other managers, administrators — gets 404. Every route
that takes a session, practitioner or action id loads it through one of these helpers."""

from __future__ import annotations

from flask import abort
from flask_login import current_user

from supervise.accounts.models import User
from supervise.extensions import db
from supervise.supervision.models import AgreedAction, SupervisionSession

PRACTITIONER = "practitioner"
MANAGER = "manager"


def role_in(session: SupervisionSession, user: User) -> str | None:
    """``practitioner`` or ``manager`` when ``user`` takes part in the session, else None."""
    if not user.is_authenticated or not user.works_cases:
        return None
    if user.id == session.practitioner_id:
        return PRACTITIONER
    if user.line_manages(session.practitioner):
        return MANAGER
    return None


def get_session_or_404(session_id: int) -> SupervisionSession:
    """A session the current user takes part in, or 404."""
    session = db.session.get(SupervisionSession, session_id)
    if session is None or role_in(session, current_user) is None:
        abort(404)
    return session


def get_supervisee_or_404(user_id: int) -> User:
    """A practitioner the current user line-manages, or 404."""
    user = db.session.get(User, user_id)
    if user is None or not current_user.is_authenticated or not current_user.line_manages(user):
        abort(404)
    return user


def get_action_or_404(action_id: int) -> AgreedAction:
    """An agreed action the current user owns or whose session they take part in, or 404."""
    action = db.session.get(AgreedAction, action_id)
    if action is None or not current_user.is_authenticated:
        abort(404)
    if action.owner_id != current_user.id and role_in(action.session, current_user) is None:
        abort(404)
    return action
