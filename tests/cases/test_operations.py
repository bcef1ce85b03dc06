"""Case operations: the rules, the audit trail and the case event log."""

from __future__ import annotations

from datetime import date

import pytest

from supervise.audit.models import AuditEvent
from supervise.cases import operations
from supervise.cases.models import PersonKind
from supervise.core.errors import DomainError
from supervise.events.models import CaseEvent
from tests.factories import make_case, make_person


def events(db, case, category):
    return (db.session.query(CaseEvent).filter_by(case_id=case.id, category=category)
            .order_by(CaseEvent.id).all())


def test_opening_a_case_puts_the_practitioner_on_its_team_as_lead(world, db):
    user = world.users["outsider"]
    case = make_case(user, "New family")
    assert [(m.user, m.is_lead) for m in case.team] == [(user, True)]
    assert case.reference.startswith("SUP-")
    assert events(db, case, "case_opened")


def test_case_references_count_up(world):
    first = make_case(world.users["practitioner"])
    second = make_case(world.users["practitioner"])
    assert int(second.reference[-5:]) == int(first.reference[-5:]) + 1


def test_administrators_cannot_open_cases(world):
    with pytest.raises(DomainError):
        make_case(world.users["admin"])


def test_updating_a_case_audits_what_changed(world, db):
    case = world.case
    changes = operations.update_case(case, {"language": "Welsh", "large_print": True},
                                     by=world.users["practitioner"])
    assert changes == {"language": ["English", "Welsh"], "large_print": [False, True]}
    audit = db.session.query(AuditEvent).filter_by(action="update", object_type="cases").one()
    assert audit.changes == changes and audit.case_id == case.id


def test_update_with_no_changes_writes_no_audit(world, db):
    before = db.session.query(AuditEvent).count()
    operations.update_case(world.case, {"language": "English"}, by=world.users["practitioner"])
    assert db.session.query(AuditEvent).count() == before


def test_an_unborn_child_needs_an_expected_date_and_no_date_of_birth(world):
    by = world.users["practitioner"]
    with pytest.raises(DomainError, match="expected date"):
        operations.add_person(world.case, {"kind": PersonKind.UNBORN, "given_name": "Baby"},
                              by=by)
    with pytest.raises(DomainError, match="no date of birth"):
        operations.add_person(world.case, {"kind": PersonKind.UNBORN, "given_name": "Baby",
                                           "expected_date": date(2027, 1, 1),
                                           "date_of_birth": date(2026, 1, 1)}, by=by)
    with pytest.raises(DomainError, match="Only an unborn"):
        operations.add_person(world.case, {"kind": PersonKind.CHILD, "given_name": "Kid",
                                           "expected_date": date(2027, 1, 1)}, by=by)


def test_adding_a_person_records_a_household_change(world, db):
    before = len(events(db, world.case, "household_change"))
    make_person(world.case, world.users["practitioner"], PersonKind.UNBORN, given_name="Baby")
    assert len(events(db, world.case, "household_change")) == before + 1


def test_leaving_the_household_is_a_household_change(world, db):
    person = world.case.children[0]
    before = len(events(db, world.case, "household_change"))
    operations.update_person(person, {"in_household": False}, by=world.users["practitioner"])
    assert len(events(db, world.case, "household_change")) == before + 1


def test_a_new_current_address_ends_the_previous_one_and_records_a_move(world, db):
    old = world.case.current_address
    new = operations.add_address(world.case, {"line1": "2 New Road", "town": "Newtown",
                                              "postcode": "ne1 2ab",
                                              "moved_in": date(2026, 10, 1)},
                                 by=world.users["practitioner"])
    assert old.moved_out == date(2026, 10, 1)
    assert world.case.current_address is new
    assert new.postcode == "NE1 2AB"
    assert events(db, world.case, "address_move")[-1].summary == "Moved to NE1 2AB"


def test_a_past_address_does_not_end_the_current_one(world):
    current = world.case.current_address
    operations.add_address(world.case, {"line1": "Old", "town": "T", "postcode": "T1",
                                        "moved_in": date(2010, 1, 1),
                                        "moved_out": date(2012, 1, 1)},
                           by=world.users["practitioner"])
    assert world.case.current_address is current


def test_moved_out_cannot_be_before_moved_in(world):
    with pytest.raises(DomainError):
        operations.add_address(world.case, {"line1": "X", "town": "T", "postcode": "T1",
                                            "moved_in": date(2020, 1, 1),
                                            "moved_out": date(2019, 1, 1)},
                               by=world.users["practitioner"])


def test_a_relationship_links_two_different_people_once(world):
    child, adult = world.case.children[0], world.case.adults[0]
    by = world.users["practitioner"]
    with pytest.raises(DomainError, match="already recorded"):
        operations.add_relationship(world.case, adult, child, "mother", True, by=by)
    with pytest.raises(DomainError):
        operations.add_relationship(world.case, child, child, "self", False, by=by)


def test_a_relationship_cannot_reach_into_another_case(world):
    other = make_case(world.users["outsider"])
    stranger = make_person(other, world.users["outsider"])
    with pytest.raises(DomainError):
        operations.add_relationship(world.case, world.case.adults[0], stranger, "aunt", False,
                                    by=world.users["practitioner"])


def test_practitioners_from_any_agency_join_the_case_team(world, db):
    member = operations.add_team_member(world.case, world.users["outsider"], "School nurse",
                                        "Weekly check-in", False, by=world.users["practitioner"])
    assert member in world.case.team
    assert "joined the case team" in events(db, world.case, "case_team")[-1].summary


def test_nobody_joins_the_case_team_twice(world):
    with pytest.raises(DomainError, match="already on the case team"):
        operations.add_team_member(world.case, world.users["hv"], "HV", "", False,
                                   by=world.users["practitioner"])


def test_administrators_and_inactive_users_cannot_join_a_case_team(world, db):
    by = world.users["practitioner"]
    with pytest.raises(DomainError):
        operations.add_team_member(world.case, world.users["admin"], "Admin", "", False, by=by)
    world.users["outsider"].active = False
    with pytest.raises(DomainError):
        operations.add_team_member(world.case, world.users["outsider"], "X", "", False, by=by)


def test_naming_a_new_lead_stands_the_old_one_down(world):
    hv_member = world.case.member_for(world.users["hv"])
    operations.update_team_member(hv_member, {"is_lead": True}, by=world.users["practitioner"])
    leads = [m for m in world.case.team if m.is_lead]
    assert leads == [hv_member]


def test_the_last_member_cannot_leave_the_case_team(world):
    case = make_case(world.users["outsider"])
    with pytest.raises(DomainError, match="at least one"):
        operations.remove_team_member(case.team[0], by=world.users["outsider"])


def test_removing_a_member_is_audited_and_logged(world, db):
    member = world.case.member_for(world.users["hv"])
    operations.remove_team_member(member, by=world.users["practitioner"])
    assert world.users["hv"] not in [m.user for m in world.case.team]
    assert "left the case team" in events(db, world.case, "case_team")[-1].summary
    assert db.session.query(AuditEvent).filter_by(action="delete",
                                                  object_type="case_team_members").count() == 1


def test_audit_log_is_append_only(world, db):
    import sqlalchemy as sa

    event = db.session.query(AuditEvent).first()
    with pytest.raises(sa.exc.DatabaseError), db.session.begin_nested():
        db.session.execute(sa.update(AuditEvent).where(AuditEvent.id == event.id)
                           .values(action="tampered"))
    with pytest.raises(sa.exc.DatabaseError), db.session.begin_nested():
        db.session.execute(sa.delete(AuditEvent))
