"""argon2id password hashing, with rehash when the parameters change."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import gettext as _

from supervise.accounts.models import User


@cache
def _hasher(time_cost: int, memory_cost: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)


def hasher() -> PasswordHasher:
    config = current_app.config
    return _hasher(
        config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify_password(user: User | None, password: str) -> bool:
    """Check a password; rehash it when the parameters have changed since it was stored.

    An unknown user is checked against a throwaway hash so that timing does not reveal which
    email addresses have accounts.
    """
    ph = hasher()
    if user is None:
        _verify(ph, _dummy_hash(ph), password)
        return False
    if not _verify(ph, user.password_hash, password):
        return False
    if ph.check_needs_rehash(user.password_hash):
        user.password_hash = ph.hash(password)
    return True


def _verify(ph: PasswordHasher, stored: str, password: str) -> bool:
    try:
        return ph.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@cache
def _dummy_hash(ph: PasswordHasher) -> str:
    return ph.hash("not-a-real-password-but-the-same-cost")


def password_problems(password: str, user_email: str = "", user_name: str = "") -> list[str]:
    """Why a new password is refused: too short or too long. No composition rules."""
    config = current_app.config
    problems = []
    if len(password) < config["PASSWORD_MIN_LENGTH"]:
        problems.append(
            _("Password must be %(n)d characters or more", n=config["PASSWORD_MIN_LENGTH"])
        )
    if len(password) > config["PASSWORD_MAX_LENGTH"]:
        problems.append(
            _("Password must be %(n)d characters or fewer", n=config["PASSWORD_MAX_LENGTH"])
        )
    return problems
