"""argon2id password hashing, with rehash when the parameters change."""

from __future__ import annotations

import gzip
import re
from functools import cache
from pathlib import Path

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


# SecLists' 10-million-password-list-top-100000 (provenance: data/PROVENANCE.md).
COMMON_PASSWORDS = Path(__file__).parent / "data" / "common-passwords-100k.txt.gz"
# Words that would make a password easy to guess here (ASVS 5.0 V6.2.11), besides the user's
# own name and email address. Documented in README "Security".
CONTEXT_WORDS = ("supervise", "safeguarding")


@cache
def common_passwords() -> frozenset[str]:
    """The 100,000 most common passwords, lower-cased, loaded once per process."""
    with gzip.open(COMMON_PASSWORDS, "rt", encoding="utf-8") as lines:
        return frozenset(line.rstrip("\n").casefold() for line in lines if line.strip())


def is_common(password: str) -> bool:
    """On the list, ignoring case and spaces ("Pass Word 1" counts as "password1")."""
    folded = password.casefold()
    return folded in common_passwords() or re.sub(r"\s+", "", folded) in common_passwords()


def personal_words(user_email: str, user_name: str) -> set[str]:
    """Parts of the account's name and email address that a password must not contain."""
    local = user_email.strip().casefold().partition("@")[0]
    words = {local, *re.split(r"[\W\d_]+", local)}
    words |= set(re.split(r"[\W\d_]+", user_name.casefold()))
    return {word for word in words if len(word) >= 3}


def password_problems(password: str, user_email: str = "", user_name: str = "") -> list[str]:
    """Why a new password is refused. Any characters, any length from the minimum up to the
    maximum (64 and more are fine); no composition rules, as ASVS and NCSC advise."""
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
    folded = password.casefold()
    if is_common(password):
        problems.append(_("This is one of the most commonly used passwords: choose one that "
                          "is harder to guess"))
    elif any(word in folded for word in personal_words(user_email, user_name)):
        problems.append(_("A password must not contain the account’s name or email address"))
    elif any(word in folded for word in CONTEXT_WORDS):
        problems.append(_("A password must not contain the name of this service"))
    return problems
