"""Changing cases, their people, addresses and case team. Each operation checks its rules,
flushes, writes the audit log and, where it matters to the child's story, the case event log."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from supervise import clock
from supervise.accounts.models import User
from supervise.audit.operations import record_audit
from supervise.cases.models import (
    Address,
    Case,
    CaseTeamMember,
    Person,
    PersonKind,
    Relationship,
)
from supervise.core.errors import DomainError, NotAllowed
from supervise.core.models import apply_changes
from supervise.events.operations import record_event
from supervise.extensions import db


def next_reference(year: int | None = None) -> str:
    """``SUP-2026-00042``: the year and a running number."""
    year = year or clock.today().year
    prefix = f"SUP-{year}-"
    last = db.session.scalar(
        sa.select(sa.func.max(Case.reference)).where(Case.reference.like(prefix + "%"))
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:05d}"


def open_case(values: dict[str, Any], *, by: User, my_role: str) -> Case:
    """Open a case; the practitioner who opens it joins its case team."""
    if not by.works_cases:
        raise NotAllowed(_("Administrators cannot open cases"))
    case = Case(reference=next_reference(), created_by_id=by.id, **values)
    db.session.add(case)
    db.session.flush()
    case.team.append(CaseTeamMember(user_id=by.id, role=my_role, is_lead=True,
                                    added_by_id=by.id))
    db.session.flush()
    record_audit("create", case, user=by)
    record_event(case, "case_opened", _("Case opened by %(name)s", name=by.name), by=by,
                 source=case)
    return case


def update_case(case: Case, values: dict[str, Any], *, by: User,
                seen_version: int | str | None = None) -> dict[str, list]:
    """Change the case record; returns what changed."""
    changes = apply_changes(case, values, seen_version=seen_version)
    if changes:
        db.session.flush()
        record_audit("update", case, changes=changes, user=by)
    return changes


def add_person(case: Case, values: dict[str, Any], *, by: User) -> Person:
    """Add a child, unborn child or adult to the family."""
    person = Person(**values)
    _check_person(person)
    case.people.append(person)
    db.session.flush()
    record_audit("create", person, user=by)
    record_event(case, "household_change", _household_summary(person, joined=True), by=by,
                 source=person)
    return person


def update_person(person: Person, values: dict[str, Any], *, by: User,
                  seen_version: int | str | None = None) -> dict[str, list]:
    """Change a person's details; leaving or joining the household is a household change."""
    was_in_household = person.in_household
    changes = apply_changes(person, values, seen_version=seen_version)
    _check_person(person)
    if not changes:
        return changes
    db.session.flush()
    record_audit("update", person, changes=changes, user=by)
    if was_in_household != person.in_household:
        record_event(person.case, "household_change",
                     _household_summary(person, joined=person.in_household), by=by,
                     source=person)
    return changes


def _check_person(person: Person) -> None:
    if person.kind is PersonKind.UNBORN and person.expected_date is None:
        raise DomainError(_("Enter the expected date of delivery"), field="expected_date")
    if person.kind is PersonKind.UNBORN and person.date_of_birth is not None:
        raise DomainError(_("An unborn child has no date of birth yet"), field="date_of_birth")
    if person.kind is not PersonKind.UNBORN and person.expected_date is not None:
        raise DomainError(_("Only an unborn child has an expected date of delivery"),
                          field="expected_date")


def _household_summary(person: Person, *, joined: bool) -> str:
    if joined:
        return _("%(name)s (%(kind)s) joined the household", name=person.full_name,
                 kind=person.kind.label.lower())
    return _("%(name)s no longer lives in the household", name=person.full_name)


def add_relationship(case: Case, person: Person, related: Person, relation: str,
                     parental_responsibility: bool, *, by: User) -> Relationship:
    """Record that ``person`` is ``relation`` of ``related``."""
    if person.case_id != case.id or related.case_id != case.id:
        raise DomainError(_("Both people must be in this family"))
    if person.id == related.id:
        raise DomainError(_("Choose two different people"), field="related_person_id")
    exists = db.session.scalar(sa.select(Relationship).where(
        Relationship.person_id == person.id, Relationship.related_person_id == related.id))
    if exists is not None:
        raise DomainError(_("That relationship is already recorded"), field="related_person_id")
    link = Relationship(person=person, related_person=related, relation=relation,
                        parental_responsibility=parental_responsibility)
    case.relationships.append(link)
    db.session.flush()
    record_audit("create", link, user=by)
    return link


def remove_relationship(link: Relationship, *, by: User) -> None:
    record_audit("delete", link, user=by, changes={"relation": [link.relation, None]})
    link.case.relationships.remove(link)
    db.session.delete(link)
    db.session.flush()


def add_address(case: Case, values: dict[str, Any], *, by: User) -> Address:
    """Add an address. A new current address ends the previous current one: a move."""
    address = Address(**values)
    _check_address(address)
    moved_from = case.current_address if address.is_current else None
    if moved_from is not None:
        moved_from.moved_out = address.moved_in or clock.today()
        if moved_from.moved_in and moved_from.moved_out < moved_from.moved_in:
            raise DomainError(_("The move-in date is before the family moved in to their "
                                "current address"), field="moved_in")
    case.addresses.append(address)
    db.session.flush()
    record_audit("create", address, user=by)
    if address.is_current:
        summary = _("Moved to %(postcode)s", postcode=address.postcode)
        occurred = _midday(address.moved_in) if address.moved_in else None
        record_event(case, "address_move", summary, by=by, source=address,
                     occurred_at=occurred)
    return address


def update_address(address: Address, values: dict[str, Any], *, by: User,
                   seen_version: int | str | None = None) -> dict[str, list]:
    """Correct an address or record when the family moved out."""
    changes = apply_changes(address, values, seen_version=seen_version)
    _check_address(address)
    if changes:
        db.session.flush()
        record_audit("update", address, changes=changes, user=by)
    return changes


def _check_address(address: Address) -> None:
    if address.moved_in and address.moved_out and address.moved_out < address.moved_in:
        raise DomainError(_("Moved out must be the same as or after moved in"),
                          field="moved_out")
    address.postcode = address.postcode.upper()


def _midday(day: date) -> datetime:
    return datetime.combine(day, time(12, 0))


def add_team_member(case: Case, user: User, role: str, tasks: str, is_lead: bool, *,
                    by: User) -> CaseTeamMember:
    """Put a practitioner from any agency on the case team."""
    if not user.works_cases or not user.active:
        raise DomainError(_("Only active practitioners and managers can join a case team"))
    if case.member_for(user) is not None:
        raise DomainError(_("%(name)s is already on the case team", name=user.name))
    member = CaseTeamMember(user=user, role=role, tasks=tasks, is_lead=is_lead,
                            added_by_id=by.id)
    case.team.append(member)
    db.session.flush()
    _single_lead(case, member)
    record_audit("create", member, user=by)
    record_event(case, "case_team",
                 _("%(name)s (%(agency)s) joined the case team as %(role)s",
                   name=user.name, agency=user.agency.name, role=role), by=by, source=member)
    return member


def update_team_member(member: CaseTeamMember, values: dict[str, Any], *, by: User,
                       seen_version: int | str | None = None) -> dict[str, list]:
    """Change a case-team member's role, tasks or lead status."""
    changes = apply_changes(member, values, seen_version=seen_version)
    if changes:
        db.session.flush()
        _single_lead(member.case, member)
        record_audit("update", member, changes=changes, user=by)
    return changes


def _single_lead(case: Case, member: CaseTeamMember) -> None:
    """A case has one lead practitioner; naming a new one stands the old one down."""
    if member.is_lead:
        for other in case.team:
            if other.id != member.id and other.is_lead:
                other.is_lead = False


def remove_team_member(member: CaseTeamMember, *, by: User) -> None:
    """Take someone off the case team; the last member cannot leave (nobody could see it)."""
    case = member.case
    if len(case.team) <= 1:
        raise DomainError(_("A case must keep at least one person on its case team"))
    record_audit("delete", member, user=by, changes={"user_id": [member.user_id, None]})
    record_event(case, "case_team",
                 _("%(name)s left the case team", name=member.user.name), by=by)
    case.team.remove(member)
    db.session.delete(member)
    db.session.flush()
