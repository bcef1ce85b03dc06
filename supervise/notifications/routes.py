"""Each user's notifications."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from supervise.core.forms import ButtonForm
from supervise.extensions import db
from supervise.notifications import operations, panels, queries  # noqa: F401  (panels register)
from supervise.notifications.models import Notification

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


def get_own_notification_or_404(notification_id: int) -> Notification:
    """A notification belongs to one user; anyone else gets 404."""
    note = db.session.get(Notification, notification_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    return note


@bp.route("")
@login_required
def index():
    """Your notifications, newest first."""
    return render_template("notifications/index.html",
                           notifications=queries.for_user(current_user.id), form=ButtonForm())


@bp.route("/<int:notification_id>/open", methods=["POST"])
@login_required
def open(notification_id: int):  # noqa: A001  (the verb a user sees)
    """Mark a notification read and go to what it is about."""
    note = get_own_notification_or_404(notification_id)
    operations.mark_read(note)
    return redirect(note.link or url_for("notifications.index"))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    """Mark every notification read."""
    count = operations.mark_all_read(current_user)
    flash(_("%(n)d notifications marked as read", n=count), "success")
    return redirect(url_for("notifications.index"))
