"""Domain errors, and the generic error pages the app shows instead of stack traces."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from supervise.extensions import db


class DomainError(Exception):
    """A business rule refused the operation; ``message`` is safe to show the user."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class IllegalTransition(DomainError):
    """The record is not in a state that allows this step."""


class NotAllowed(DomainError):
    """The user may see the record but may not take this step."""


ERROR_PAGES = {
    400: (_l("Something was wrong with that request"), _l("Go back and try again.")),
    403: (_l("You cannot do that"),
          _l("If you think you should be able to, speak to your line manager.")),
    404: (_l("Page not found"),
          _l("If you typed the web address, check it is correct. If you followed a link, you "
             "may not have access to this record: access to a case comes from being on its "
             "case team or managing someone who is.")),
    405: (_l("That action is not available here"), _l("Go back and use the buttons on the page.")),
    413: (_l("That was too large to send"),
          _l("Go back and try a smaller file or shorter text.")),
    429: (_l("Too many attempts"), _l("Wait a few minutes, then try again.")),
}
CONFLICT = (_l("Someone else changed this record at the same moment"),
            _l("Their change was saved and nothing of yours was. Go back, reload the page to "
               "see what is saved now, and try again."))
SERVER_ERROR = (_l("Sorry, there is a problem with the service"),
                _l("Try again later. Nothing you were doing has been half-saved."))


def error_page(code: int):
    heading, advice = ERROR_PAGES.get(code, SERVER_ERROR)
    return render_template("errors/generic.html", code=code, heading=heading, advice=advice), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_failed(error: CSRFError):
        from supervise.auth.security_log import security_event

        db.session.rollback()
        security_event("csrf_failure", outcome="denied", reason=_csrf_reason(error))
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(StaleDataError)
    def changed_at_the_same_moment(error: StaleDataError):
        # Two people changed the same record at once; the other one's change stands.
        db.session.rollback()
        return render_template(
            "errors/generic.html", code=409, heading=CONFLICT[0], advice=CONFLICT[1]), 409

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        db.session.rollback()
        return error_page(error.code or 500)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s", _endpoint())
        return error_page(500)


def _csrf_reason(error: CSRFError) -> str:
    """Flask-WTF's sentence as a short code for the security log."""
    text = (error.description or "").lower()
    for word in ("missing", "expired", "invalid", "do not match", "referrer"):
        if word in text:
            return word.replace(" ", "_")
    return "other"


def _endpoint() -> str:
    from flask import request

    return request.endpoint or "?"
