"""Security events as structured JSON log lines on the ``supervise.security`` logger.

Each line says who (user id), what (event, outcome, endpoint, ids from the URL), when (UTC) and
where (client address, request id). Nothing else gets through: extra fields must be ids, flags
or short machine codes, so no name, no free text and nothing from a family's record can ever be
written here (ASVS 5.0 V16.2.5). The audit log in the database remains the record of who did
what to which case; these lines are for monitoring, alerting and incident response.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import secrets
import sys
from typing import Any

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_login import current_user

from supervise import clock

LOGGER_NAME = "supervise.security"
logger = logging.getLogger(LOGGER_NAME)

# A value that may be logged: an identifier, a number, a flag or a short lower-case code.
_CODE = re.compile(r"^[a-z0-9_.:\-]{0,64}$")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._\-]{8,64}$")
REDACTED = "[redacted]"


def security_event(event: str, *, outcome: str = "info", user_id: int | None = None,
                   **fields: Any) -> dict[str, Any]:
    """Write one security event; returns the record (handy in tests)."""
    record: dict[str, Any] = {
        "ts": clock.now().isoformat(timespec="milliseconds") + "Z",
        "event": _safe(event),
        "outcome": _safe(outcome),
        "user_id": user_id if user_id is not None else _current_user_id(),
    }
    record.update(_where())
    for name, value in fields.items():
        if name in record:
            raise ValueError(f"{name!r} is set by security_event itself")
        record[_safe(name)] = _safe(value)
    level = logging.WARNING if outcome in {"failure", "denied"} else logging.INFO
    logger.log(level, json.dumps(record, ensure_ascii=True, sort_keys=True))
    return record


def account_hash(email: str) -> str:
    """A keyed digest of a typed email address: correlates attempts without recording it."""
    key = (current_app.config.get("SECRET_KEY") or "").encode()
    digest = hmac.new(key, email.strip().lower().encode(), hashlib.sha256).hexdigest()
    return digest[:16]


def _safe(value: Any) -> Any:
    """Ids, numbers, flags and short codes pass; anything that could be free text does not."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_safe(item) for item in value][:20]
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum
        value = value.value
    text = str(value)
    return text if _CODE.match(text) else REDACTED


def _current_user_id() -> int | None:
    if not has_request_context():
        return None
    try:
        return current_user.id if current_user.is_authenticated else None
    except Exception:  # noqa: BLE001 - the loader may be the thing that failed
        return None


def _where() -> dict[str, Any]:
    if not has_request_context():
        return {"request_id": None, "ip": None, "method": None, "endpoint": None}
    ids = {name: value for name, value in (request.view_args or {}).items()
           if isinstance(value, int)}
    return {
        "request_id": request_id(),
        "ip": (request.remote_addr or "")[:45],
        "method": request.method,
        "endpoint": _safe(request.endpoint or ""),
        "ids": ids or None,
    }


def request_id() -> str:
    """This request's id: the proxy's ``X-Request-ID`` when well-formed, else a fresh one."""
    if "request_id" not in g:
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if _REQUEST_ID.match(incoming) else secrets.token_hex(8)
    return g.request_id


def deny(reason: str) -> None:
    """Say why the coming 404 was answered; the after-request hook logs it."""
    g.denied_reason = reason


def _log_refusals(response: Response) -> Response:
    """404 from a real route (policy or missing record) and 429 become security events."""
    if request.endpoint == "static" or request.url_rule is None:
        return response
    if response.status_code == 404:
        security_event("access_denied", outcome="denied",
                       reason=g.get("denied_reason", "not_found"))
    elif response.status_code == 429:
        security_event("rate_limited", outcome="denied", scope=_limit_scope())
    return response


def _limit_scope() -> str:
    from supervise.extensions import limiter

    limit = limiter.current_limit
    key = getattr(limit, "key", "") or ""
    for prefix, scope in (("login-account:", "account"), ("mfa-account:", "account"),
                          ("reauth-account:", "account")):
        if prefix in key:
            return scope
    return "address"


def configure_logger(app: Flask) -> None:
    """JSON lines to stderr (or ``SECURITY_LOG_PATH``), once per process."""
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if any(getattr(h, "_supervise", False) for h in logger.handlers):
        return
    path = app.config.get("SECURITY_LOG_PATH")
    handler: logging.Handler
    if app.testing and not path:
        handler = logging.NullHandler()  # tests read the events through their own handlers
    elif path:
        from logging.handlers import WatchedFileHandler

        handler = WatchedFileHandler(path, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler._supervise = True  # type: ignore[attr-defined]
    logger.addHandler(handler)


def init_app(app: Flask) -> None:
    configure_logger(app)

    @app.before_request
    def assign_request_id() -> None:
        request_id()

    @app.after_request
    def tag_and_log(response: Response) -> Response:
        response.headers["X-Request-ID"] = request_id()
        return _log_refusals(response)
