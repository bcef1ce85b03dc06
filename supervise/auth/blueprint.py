"""The ``auth`` blueprint, shared by the sign-in, account and two-step verification views."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
