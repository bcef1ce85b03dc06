"""App-wide endpoints: health check and the interface language switch."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session

from supervise.auth.routes import safe_next
from supervise.extensions import db, limiter

bp = Blueprint("core", __name__)


@bp.route("/healthz")
@limiter.exempt
def healthz():
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        db.session.execute(sa.text("SELECT 1"))
        database = "ok"
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return jsonify(status="ok" if status == 200 else "degraded", database=database), status


@bp.route("/accessibility")
def accessibility():
    """The accessibility statement UK public sector services must publish (touches no tables)."""
    return render_template("core/accessibility.html")


@bp.route("/language", methods=["POST"])
def language():
    """Switch the interface between English and Welsh, then go back to the same page."""
    chosen = request.form.get("lang", "")
    if chosen in current_app.config["LANGUAGES"]:
        session["lang"] = chosen
    return redirect(safe_next(request.form.get("next")))
