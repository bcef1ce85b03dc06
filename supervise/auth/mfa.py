"""Two-step verification: time-based one-time codes (RFC 6238) and one-time recovery codes.

The QR code is drawn here, in-process, as an SVG data URI: the secret never leaves the server
for a third-party image service. A TOTP code is accepted for the current 30-second step and
one step either side (clock drift), and never twice: ``User.totp_last_step`` remembers the
last step used (ASVS 5.0 V6.5.1).
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import UTC

import pyotp
import segno
import sqlalchemy as sa
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

from supervise import clock
from supervise.accounts.models import User
from supervise.auth.models import RecoveryCode
from supervise.auth.passwords import hash_password, hasher
from supervise.extensions import db

STEP_SECONDS = 30
DRIFT_STEPS = 1
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper and typed in.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 12  # 12 of 31 symbols: about 59 bits, hashed with argon2id (V6.5.2)


def new_secret() -> str:
    """A fresh 160-bit base32 secret from the operating system's CSPRNG."""
    return pyotp.random_base32(length=32)


def provisioning_uri(user: User, secret: str) -> str:
    issuer = current_app.config["MFA_ISSUER"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    """The ``otpauth://`` URI as a QR code, an SVG data URI for an ``<img>`` (CSP allows data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=4, dark="#0b0c0c",
                                                   light="#ffffff")


def grouped(secret: str) -> str:
    """The secret in groups of four, as people type it into an app."""
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))


def normalise_code(code: str) -> str:
    """What a person typed, without spaces or hyphens, lower-cased."""
    return re.sub(r"[\s\-]+", "", code or "").lower()


def is_totp_shape(code: str) -> bool:
    return len(code) == 6 and code.isdigit()


def _current_step() -> int:
    return int(clock.now().replace(tzinfo=UTC).timestamp()) // STEP_SECONDS


def check_totp(secret: str, code: str, last_step: int | None) -> int | None:
    """The step a valid, unused code belongs to, or ``None``."""
    if not is_totp_shape(code):
        return None
    totp = pyotp.TOTP(secret)
    now = _current_step()
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def code_for(secret: str, offset_steps: int = 0) -> str:
    """The code an authenticator app shows now (for tests and the demo seeder)."""
    return pyotp.TOTP(secret).generate_otp(_current_step() + offset_steps)


def verify_totp(user: User, code: str) -> bool:
    """Accept a code from the user's enabled app once; remember its step."""
    if not user.totp_secret:
        return False
    step = check_totp(user.totp_secret, normalise_code(code), user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


# --- Recovery codes ----------------------------------------------------------------------------


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(raw[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4))


def replace_recovery_codes(user: User) -> list[str]:
    """Throw away the user's codes and make new ones; the plain codes are returned once."""
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        db.session.add(RecoveryCode(user_id=user.id, code_hash=hash_password(normalise_code(code))))
    db.session.flush()
    return codes


def unused_recovery_codes(user: User) -> list[RecoveryCode]:
    return list(db.session.scalars(sa.select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))))


def use_recovery_code(user: User, code: str) -> bool:
    """Spend a recovery code: it works once."""
    typed = normalise_code(code)
    if len(typed) != _RECOVERY_LENGTH:
        return False
    ph = hasher()
    for stored in unused_recovery_codes(user):
        try:
            matched = ph.verify(stored.code_hash, typed)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            matched = False
        if matched:
            stored.used_at = clock.now()
            return True
    return False


def clear(user: User) -> None:
    """Forget the user's authenticator app and recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db.session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
