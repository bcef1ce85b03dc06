"""``flask doctor``: check that a deployment is configured safely, and say what is wrong."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from supervise.extensions import db


@dataclass(frozen=True)
class Finding:
    ok: bool
    check: str
    detail: str
    serious: bool = True  # a failed serious check makes `flask doctor` exit non-zero

    def line(self) -> str:
        mark = "ok  " if self.ok else ("FAIL" if self.serious else "warn")
        return f"[{mark}] {self.check}: {self.detail}"


def migration_heads() -> list[str]:
    """The head revision(s) of the migrations shipped with this code."""
    from alembic.script import ScriptDirectory

    config = current_app.extensions["migrate"].migrate.get_config()
    return list(ScriptDirectory.from_config(config).get_heads())


def _database_revision() -> str | None:
    from alembic.migration import MigrationContext

    # The session's own connection: on SQLite a second one would wait for its write lock.
    return MigrationContext.configure(db.session.connection()).get_current_revision()


def run_checks() -> list[Finding]:
    """Every check, in the order an operator would fix them."""
    config = current_app.config
    findings = [
        _secret_key(config.get("SECRET_KEY")),
        Finding(not config.get("DEBUG"), "debug", "off" if not config.get("DEBUG")
                else "DEBUG is on: never outside development"),
        Finding(bool(config.get("SESSION_COOKIE_SECURE")), "HTTPS cookies",
                "session cookie is Secure" if config.get("SESSION_COOKIE_SECURE")
                else "SESSION_COOKIE_SECURE is off: run in production mode behind HTTPS"),
        Finding(bool(config.get("HSTS")), "HSTS", "on" if config.get("HSTS") else "off"),
        _mfa(config),
        *_database(),
        _rate_limit_storage(config.get("RATELIMIT_STORAGE_URI", "")),
        _document_store(Path(config["DOCUMENT_STORE"])),
        _orphaned_documents(),
        _libreoffice(config.get("LIBREOFFICE_BINARY", "soffice")),
        _mail(config),
    ]
    return findings


def _secret_key(key: str | None) -> Finding:
    if not key or len(key) < 32:
        return Finding(False, "secret key", "SECRET_KEY must be set to 32+ random characters")
    return Finding(True, "secret key", "set")


def _mfa(config) -> Finding:  # type: ignore[no-untyped-def]
    if "REQUIRE_MFA" not in config:
        return Finding(False, "multi-factor sign-in", "this version has no MFA setting",
                       serious=False)
    on = bool(config["REQUIRE_MFA"])
    return Finding(on, "multi-factor sign-in",
                   "required for every account" if on else
                   "SUPERVISE_REQUIRE_MFA is off: turn it on in production")


def _database() -> list[Finding]:
    try:
        db.session.execute(sa.text("SELECT 1"))
    except sa.exc.SQLAlchemyError as error:
        db.session.rollback()
        return [Finding(False, "database", f"unreachable ({type(error).__name__})")]
    backend = db.engine.url.get_backend_name()
    found = [Finding(True, "database", f"reachable ({backend})")]
    if backend == "sqlite":
        found.append(Finding(False, "database engine", "SQLite: fine for one server; use "
                             "PostgreSQL (DATABASE_URL) for several app servers", serious=False))
    current, heads = _database_revision(), migration_heads()
    found.append(Finding(current in heads, "migrations",
                         f"at head {current}" if current in heads else
                         f"database at {current}, code expects {', '.join(heads)}: run "
                         "`flask --app wsgi db upgrade`"))
    return found


def _rate_limit_storage(uri: str) -> Finding:
    if uri.startswith("memory"):
        return Finding(False, "rate-limit storage", "in memory: each app process counts "
                       "separately; set RATELIMIT_STORAGE_URI=redis://… for several processes",
                       serious=False)
    try:
        from limits.storage import storage_from_string

        healthy = storage_from_string(uri).check()
    except Exception as error:  # noqa: BLE001 - any failure means "not usable"
        return Finding(False, "rate-limit storage", f"{uri.split('@')[-1]} unusable ({error})")
    return Finding(bool(healthy), "rate-limit storage",
                   "reachable" if healthy else f"{uri.split('@')[-1]} not answering")


def _document_store(path: Path) -> Finding:
    try:
        path.mkdir(parents=True, exist_ok=True)
        writable = os.access(path, os.W_OK)
    except OSError:
        writable = False
    return Finding(writable, "document store",
                   f"{path} writable" if writable else f"{path} cannot be written")


def _orphaned_documents() -> Finding:
    """Files left by a crash between writing a file and committing its record."""
    from supervise.maintenance.documents import find_orphans

    try:
        found = find_orphans()
    except (OSError, sa.exc.SQLAlchemyError) as error:
        return Finding(False, "orphaned documents", f"could not check: {type(error).__name__}",
                       serious=False)
    if not found.paths:
        return Finding(True, "orphaned documents", "none")
    return Finding(False, "orphaned documents",
                   f"{len(found.paths)} file(s) no record points to: run "
                   "`flask documents cleanup`", serious=False)


def _libreoffice(binary: str) -> Finding:
    found = shutil.which(binary)
    return Finding(bool(found), "LibreOffice (PDF)",
                   f"{found}" if found else "not installed: documents are DOCX only "
                   "(apt-get install libreoffice-writer-nogui)", serious=False)


def _mail(config) -> Finding:  # type: ignore[no-untyped-def]
    host = config.get("MAIL_SERVER") or config.get("SMTP_HOST")
    return Finding(bool(host), "email (overdue-visit alerts)",
                   f"SMTP server {host}" if host else
                   "no SMTP server configured: overdue-visit emails are only printed",
                   serious=False)
