"""Recording audit events from operations and views."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from supervise.audit.models import AuditEvent
from supervise.extensions import db


def record_audit(
    action: str,
    obj: Any = None,
    *,
    object_type: str | None = None,
    case_id: int | None = None,
    changes: dict[str, Any] | None = None,
    user: Any = None,
) -> AuditEvent:
    """Append who did what to which record, when and from where."""
    actor = user if user is not None else _current_user()
    event = AuditEvent(
        user_id=actor.id if actor is not None else None,
        action=action,
        object_type=object_type or (obj.__tablename__ if obj is not None else "app"),
        object_id=getattr(obj, "id", None),
        case_id=case_id if case_id is not None else _case_id_of(obj),
        endpoint=(request.endpoint or "")[:80] if has_request_context() else "",
        ip=(request.remote_addr or "")[:45] if has_request_context() else "",
        changes=changes or None,
    )
    db.session.add(event)
    return event


def _current_user() -> Any:
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None


def _case_id_of(obj: Any) -> int | None:
    if obj is None:
        return None
    if obj.__tablename__ == "cases":
        return obj.id
    return getattr(obj, "case_id", None)
