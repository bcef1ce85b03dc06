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
    DEMO_PASSWORD: str | None = None
    PROXY_FIX_HOPS = 0

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
        self.DEMO_PASSWORD = env.get("SUPERVISE_DEMO_PASSWORD")
        self.PROXY_FIX_HOPS = int(env.get("PROXY_FIX_HOPS", self.PROXY_FIX_HOPS))

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

    def __init__(self) -> None:
        super().__init__()
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
