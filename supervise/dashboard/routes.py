"""The dashboard."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user, login_required

from supervise.dashboard import foundation_panels  # noqa: F401  (registers its panels)
from supervise.dashboard.layout import in_bands
from supervise.dashboard.panels import panels_for

bp = Blueprint("dashboard", __name__)


@bp.route("/")
@login_required
def index():
    """Everything that needs the user's attention, without a click."""
    if current_user.is_admin:
        return redirect(url_for("admin.index"))
    return render_template("dashboard/index.html", bands=in_bands(panels_for(current_user)))
