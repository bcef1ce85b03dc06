"""Configuration from the environment.

The mode comes from ``SUPERVISE_ENV``: ``development`` (what ``make run`` uses), ``test``, or
``production`` — the default when unset, so a forgotten variable fails safe.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = Path(os.environ.get("SUPERVISE_INSTANCE_PATH", ROOT / "instance"))


class ConfigError(RuntimeError):
    """The environment does not describe a safe configuration."""


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url(default: str) -> str:
    url = os.environ.get("DATABASE_URL", default)
    # Deployments often hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 dialect.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


class Config:
    """Production settings; the other modes relax only what they must."""

    ENV_NAME = "production"
    DEBUG = False
    TESTING = False
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI = ""
    # hide_parameters: errors never echo the values of a query (they may be family data).
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True, "hide_parameters": True}

    # Sessions: signed cookie holding only ids and timestamps; revocation is server-side
    # through User.session_version.
    SESSION_COOKIE_NAME = "__Host-supervise"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
    SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(seconds=0)
    HSTS = True
    # gunicorn compiles every template once in its master process before forking
    # (deploy/gunicorn.conf.py): each worker — and each one max_requests recycles — starts
    # with them, rather than spending half a second on its first page of each kind.
    COMPILE_TEMPLATES_AT_START = True

    WTF_CSRF_TIME_LIMIT = 12 * 60 * 60
    WTF_CSRF_SSL_STRICT = True
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024

    # argon2id: the library defaults (RFC 9106 low-memory profile).
    ARGON2_TIME_COST = 3
    ARGON2_MEMORY_COST = 65536
    ARGON2_PARALLELISM = 4
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_MAX_LENGTH = 1024

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_LIMIT_PER_IP = "20 per minute;200 per hour"
    LOGIN_LIMIT_PER_ACCOUNT = "5 per minute;30 per hour"

    BABEL_DEFAULT_LOCALE = "en"
    LANGUAGES = {"en": "English", "cy": "Cymraeg"}

    LIBREOFFICE_BINARY = "soffice"
    LIBREOFFICE_TIMEOUT = 60
    DOCUMENT_STORE = INSTANCE / "documents"
    # Uploads (signed agreement scans, document templates): largest file accepted, in bytes.
    UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    # Breaches of written agreements (gwent:2.4): working days to record a follow-up, and how
    # many breaches of one agreement within how many days prompt escalation.
    BREACH_FOLLOW_UP_WORKING_DAYS = 5
    BREACH_ESCALATION_THRESHOLD = 3
    BREACH_ESCALATION_WINDOW_DAYS = 90
    DEMO_PASSWORD: str | None = None
    PROXY_FIX_HOPS = 0

    # Visits (supervise/visits): an in-progress visit past its expected return is overdue
    # (amber), and red once this many minutes have passed too. Working hours bound "daylight
    # and working hours" for the no-lone-visits-after-dark precaution (UK local time).
    VISIT_OVERDUE_GRACE_MINUTES = 30
    VISIT_WORKING_HOURS = (9, 17)
    VISIT_POLL_SECONDS = 30
    # Overdue alerts by email (``flask visits notify-overdue``): "smtp" sends through the server
    # below; "console" prints them (development).
    MAIL_BACKEND = "smtp"
    MAIL_FROM = "supervise@localhost"
    SMTP_HOST = "localhost"
    SMTP_PORT = 25
    SMTP_USERNAME = ""
    SMTP_PASSWORD = ""
    SMTP_STARTTLS = False
    SMTP_TIMEOUT = 30
    # Where the links in emails point, e.g. https://supervise.example.org
    BASE_URL = "http://127.0.0.1:5000"
    # Security hardening (supervise/auth, README "Security"). Every account must use an
    # authenticator app in production; development, the demo and tests may switch it off.
    REQUIRE_MFA = True
    MFA_ISSUER = "Supervise"
    MFA_PENDING_TIMEOUT = timedelta(minutes=5)
    MFA_LIMIT_PER_ACCOUNT = "5 per minute;20 per hour"
    RECENT_AUTH_WINDOW = timedelta(minutes=10)
    REAUTH_LIMIT_PER_ACCOUNT = "5 per minute;20 per hour"
    TEMPORARY_PASSWORD_LIFETIME = timedelta(days=3)
    SECURITY_LOG_PATH: str | None = None

    def __init__(self) -> None:
        """Read what a deployment sets in its environment (at construction, not import)."""
        env = os.environ
        self.SECRET_KEY = env.get("SECRET_KEY", self.SECRET_KEY)
        default_db = self.SQLALCHEMY_DATABASE_URI or f"sqlite:///{INSTANCE / 'supervise.db'}"
        self.SQLALCHEMY_DATABASE_URI = _database_url(default_db)
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI", self.RATELIMIT_STORAGE_URI)
        self.LOGIN_LIMIT_PER_IP = env.get("LOGIN_LIMIT_PER_IP", self.LOGIN_LIMIT_PER_IP)
        self.LOGIN_LIMIT_PER_ACCOUNT = env.get(
            "LOGIN_LIMIT_PER_ACCOUNT", self.LOGIN_LIMIT_PER_ACCOUNT
        )
        self.LIBREOFFICE_BINARY = env.get("LIBREOFFICE_BINARY", self.LIBREOFFICE_BINARY)
        self.LIBREOFFICE_TIMEOUT = int(env.get("LIBREOFFICE_TIMEOUT", self.LIBREOFFICE_TIMEOUT))
        self.DOCUMENT_STORE = Path(env.get("SUPERVISE_DOCUMENT_STORE", self.DOCUMENT_STORE))
        self.UPLOAD_MAX_BYTES = int(env.get("UPLOAD_MAX_BYTES", self.UPLOAD_MAX_BYTES))
        for name in ("BREACH_FOLLOW_UP_WORKING_DAYS", "BREACH_ESCALATION_THRESHOLD",
                     "BREACH_ESCALATION_WINDOW_DAYS"):
            setattr(self, name, int(env.get(name, getattr(self, name))))
        self.DEMO_PASSWORD = env.get("SUPERVISE_DEMO_PASSWORD")
        self.PROXY_FIX_HOPS = int(env.get("PROXY_FIX_HOPS", self.PROXY_FIX_HOPS))
        self.REQUIRE_MFA = _bool("SUPERVISE_REQUIRE_MFA", self.REQUIRE_MFA)
        self.MFA_ISSUER = env.get("SUPERVISE_MFA_ISSUER", self.MFA_ISSUER)
        self.SECURITY_LOG_PATH = env.get("SUPERVISE_SECURITY_LOG", self.SECURITY_LOG_PATH)
        self._visit_settings(env)

    def _visit_settings(self, env: os._Environ[str] | dict[str, str]) -> None:
        """Overdue grace, working hours and mail settings for visit monitoring."""
        self.VISIT_OVERDUE_GRACE_MINUTES = int(
            env.get("VISIT_OVERDUE_GRACE_MINUTES", self.VISIT_OVERDUE_GRACE_MINUTES))
        hours = env.get("VISIT_WORKING_HOURS")  # e.g. "9-17"
        if hours:
            start, _, end = hours.partition("-")
            self.VISIT_WORKING_HOURS = (int(start), int(end))
        self.VISIT_POLL_SECONDS = int(env.get("VISIT_POLL_SECONDS", self.VISIT_POLL_SECONDS))
        self.MAIL_BACKEND = env.get("MAIL_BACKEND", self.MAIL_BACKEND)
        self.MAIL_FROM = env.get("MAIL_FROM", self.MAIL_FROM)
        self.SMTP_HOST = env.get("SMTP_HOST", self.SMTP_HOST)
        self.SMTP_PORT = int(env.get("SMTP_PORT", self.SMTP_PORT))
        self.SMTP_USERNAME = env.get("SMTP_USERNAME", self.SMTP_USERNAME)
        self.SMTP_PASSWORD = env.get("SMTP_PASSWORD", self.SMTP_PASSWORD)
        self.SMTP_STARTTLS = _bool("SMTP_STARTTLS", self.SMTP_STARTTLS)
        self.BASE_URL = env.get("SUPERVISE_BASE_URL", self.BASE_URL).rstrip("/")

    def validate(self) -> None:
        """Refuse to run production without a real secret key."""
        if not self.SECRET_KEY or len(self.SECRET_KEY) < 32:
            raise ConfigError(
                "SECRET_KEY must be set to at least 32 random characters in production "
                "(e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )


class DevelopmentConfig(Config):
    """``make run``: SQLite in instance/, secret key generated once, plain-HTTP cookies."""

    ENV_NAME = "development"
    DEBUG = False  # the interactive debugger is never exposed, even here
    SESSION_COOKIE_NAME = "supervise"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_SSL_STRICT = False
    HSTS = False
    MAIL_BACKEND = "console"
    REQUIRE_MFA = False  # SUPERVISE_REQUIRE_MFA=1 to try the production sign-in
    COMPILE_TEMPLATES_AT_START = False  # start quickly; templates compile as pages are opened

    def validate(self) -> None:
        if not self.SECRET_KEY:
            self.SECRET_KEY = _instance_secret()


class TestConfig(Config):
    """pytest: cheap password hashing, a throwaway key, HTTP test client."""

    ENV_NAME = "test"
    TESTING = True
    SECRET_KEY = "test-secret-key-not-for-production-0123456789"  # noqa: S105
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SESSION_COOKIE_NAME = "supervise"
    SESSION_COOKIE_SECURE = False
    WTF_CSRF_SSL_STRICT = False
    HSTS = False
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8
    ARGON2_PARALLELISM = 1
    MAIL_BACKEND = "console"
    COMPILE_TEMPLATES_AT_START = False

    def __init__(self) -> None:
        super().__init__()
        # Tests that need the production rule turn it on themselves (tests/auth/test_mfa.py).
        self.REQUIRE_MFA = False
        # The suite picks its database itself (tests/conftest.py); DATABASE_URL never leaks in.
        self.SQLALCHEMY_DATABASE_URI = "sqlite://"
        self.RATELIMIT_STORAGE_URI = "memory://"

    def validate(self) -> None:
        return None


MODES = {"development": DevelopmentConfig, "test": TestConfig, "production": Config}


def _instance_secret() -> str:
    """Generate the development secret key once and keep it in instance/."""
    INSTANCE.mkdir(parents=True, exist_ok=True)
    path = INSTANCE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(mode: str | None = None) -> Config:
    """Build the config object for a mode (``SUPERVISE_ENV`` when not given)."""
    mode = mode or os.environ.get("SUPERVISE_ENV", "production")
    if mode not in MODES:
        raise ConfigError(f"SUPERVISE_ENV must be one of {', '.join(MODES)}, not {mode!r}")
    config = MODES[mode]()
    config.validate()
    return config
