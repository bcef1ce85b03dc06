"""Rules for sign-in, account, two-step verification and administrators' sign-in help; and the
second case (team South's, with its own records) that the IDOR tests swap ids from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from supervise import clock
from supervise.auth import mfa
from supervise.auth.models import UserSession
from supervise.cases import operations as cases
from supervise.cases.models import Case, PersonKind
from supervise.extensions import db
from tests.access.rules import ADMINS, ROLES, SIGNED_IN, Rule
from tests.factories import PASSWORD, make_case, make_person, make_user

EVERYONE = frozenset(ROLES)
SIGNED_IN_GO_HOME = {role: 302 for role in SIGNED_IN}

RULES = {
    # Step two of signing in: without a password step just done, everyone is sent on.
    "auth.verify": Rule(allowed=EVERYONE, public=True, get_status={r: 302 for r in ROLES}),
    "auth.signed_out": Rule(allowed=EVERYONE, public=True, get_status=SIGNED_IN_GO_HOME),
    "auth.reauth": Rule(allowed=SIGNED_IN),
    "auth.sign_out_everywhere": Rule(allowed=SIGNED_IN),
    # The world's spare session belongs to the practitioner alone.
    "auth.session_end": Rule(allowed=frozenset({"practitioner"})),
    "auth.mfa_status": Rule(allowed=SIGNED_IN),
    "auth.mfa_setup": Rule(allowed=SIGNED_IN),
    "auth.mfa_recovery_codes": Rule(allowed=SIGNED_IN),
    "auth.mfa_remove": Rule(allowed=SIGNED_IN),
    "admin.user_password_reset": Rule(allowed=ADMINS),
    "admin.user_mfa_reset": Rule(allowed=ADMINS),
    "admin.user_sessions_end": Rule(allowed=ADMINS),
}


@dataclass
class OtherCase:
    """Team South's case: the same kinds of record as the world's case, under another team."""

    case: Case
    member_user: object
    ids: dict[str, int] = field(default_factory=dict)


def extend(world) -> None:
    """A spare session of the practitioner's. Team South's case is built on first use
    (``south_case(world)``), so the hundreds of access-matrix checks do not pay for it."""
    practitioner = world.users["practitioner"]
    spare = UserSession(token_hash=f"spare-session-{practitioner.id}".ljust(64, "0"),
                        user_id=practitioner.id, ip="192.0.2.10",
                        user_agent="Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                        last_seen_at=clock.now(), created_at=clock.now(),
                        authenticated_at=clock.now())
    db.session.add(spare)
    db.session.flush()
    world.ids["user_session_id"] = spare.id


def south_case(world) -> OtherCase:
    """Team South's case in this world, with its own person, address, relationship and member."""
    if "other" not in world.__dict__:
        world.other = _build_south_case(world)
    return world.other


def _build_south_case(world) -> OtherCase:
    """Owned by the outsider (team South, managed by manager2), with a visitor from health."""
    owner = world.users["outsider"]
    health = world.agencies.get("health")
    agency = health or world.agencies["childrens"]
    member_user = make_user(agency, world.teams.get("hv"), name="Sol Visitor",
                            email="south-visitor@example.test")
    case = make_case(owner, "Yarrow family", members=[member_user])
    child = make_person(case, owner, given_name="Yana", family_name="Yarrow")
    adult = make_person(case, owner, PersonKind.ADULT, given_name="Yves", family_name="Yarrow",
                        date_of_birth=date(1988, 2, 2), is_carer=True)
    link = cases.add_relationship(case, adult, child, "father", True, by=owner)
    address = cases.add_address(case, {"line1": "2 Other Road", "town": "Southby",
                                       "postcode": "SO1 2TH"}, by=owner)
    db.session.flush()
    ids = {"case_id": case.id, "person_id": child.id, "address_id": address.id,
           "relationship_id": link.id, "member_id": case.member_for(member_user).id}
    return OtherCase(case=case, member_user=member_user, ids=ids)



# --- Forms the hostile-input sweep cannot find on the world's pages (tests/security/) --------


def _code_step(world, client, login_as) -> str:
    """Half-way through signing in: a user with two-step verification gave their password."""
    user = make_user(world.agencies["childrens"], world.teams["north"], name="Tess Twostep",
                     email="twostep@example.test")
    _with_two_step(user)
    client.post("/logout")
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/login/code"
    return "/login/code"


def _with_two_step(user) -> str:
    user.totp_secret = mfa.new_secret()
    user.totp_enabled_at = clock.now()
    return user.totp_secret


def _own_two_step(world, client, login_as) -> str:
    """Recovery codes and removing the app are offered once two-step verification is on."""
    user = world.users["practitioner"]
    secret = _with_two_step(user)
    client.post("/logout")
    client.post("/login", data={"email": user.email, "password": PASSWORD})
    response = client.post("/login/code", data={"code": mfa.code_for(secret)})
    assert response.status_code == 302, response.text[:300]
    return "/account/two-step"


def _someone_with_two_step(world, client, login_as) -> str:
    """Administrators can reset two-step verification only for someone who has it."""
    _with_two_step(world.users["outsider"])
    login_as("admin")
    return f"/admin/users/{world.users['outsider'].id}/edit"


def _deactivated_account(world, client, login_as) -> str:
    """The reactivate button shows only on a deactivated account's page."""
    world.users["outsider"].active = False
    login_as("admin")
    return f"/admin/users/{world.users['outsider'].id}/edit"


SWEEP_PREPARATIONS = {
    "auth.verify": _code_step,
    "admin.user_reactivate": _deactivated_account,
    "admin.user_mfa_reset": _someone_with_two_step,
    "auth.mfa_recovery_codes": _own_two_step,
    "auth.mfa_remove": _own_two_step,
}
