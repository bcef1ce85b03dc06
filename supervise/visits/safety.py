"""Safety profiles: kept by the worker, seen only by them and their line managers, every view
audited; anyone else gets 404."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort
from flask_login import current_user

from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.core.models import apply_changes
from supervise.extensions import db
from supervise.visits.models import SafetyProfile

FIELDS = ("mobile", "mobile_network", "vehicle", "registration", "emergency_contact_name",
          "emergency_contact_relationship", "emergency_contact_phone", "home_address",
          "home_phone")


def profile_of(user: User) -> SafetyProfile:
    """The user's profile, or a blank unsaved one."""
    return db.session.get(SafetyProfile, user.id) or SafetyProfile(user_id=user.id)


def save_profile(user: User, values: dict[str, Any], *,
                 seen_version: int | str | None) -> dict[str, list]:
    """The worker changes their own safety details."""
    profile = profile_of(user)
    if sa.inspect(profile).transient:
        changes = apply_changes(profile, values)
        db.session.add(profile)
    else:
        changes = apply_changes(profile, values, seen_version=seen_version)
    if changes:
        db.session.flush()
        # The values themselves stay out of the audit log: which fields changed is enough.
        record_audit("update", profile, user=user,
                     changes={name: ["…", "…"] for name in changes})
    return changes


def viewable_profile_or_404(worker_id: int) -> tuple[User, SafetyProfile]:
    """A worker's profile for one of their line managers; 404 for everyone else."""
    worker = db.session.get(User, worker_id)
    if worker is None or not current_user.is_authenticated or not current_user.line_manages(
            worker):
        abort(404)
    profile = profile_of(worker)
    audit_view(profile, worker)
    return worker, profile


def audit_view(profile: SafetyProfile, worker: User) -> None:
    record_audit("view", object_type="safety_profiles", changes={"worker": worker.id})
