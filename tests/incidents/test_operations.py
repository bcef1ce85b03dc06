"""Recording incidents and their review; recording non-cooperation."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from supervise import clock
from supervise.cases.operations import add_team_member
from supervise.chronology.sources import link_for
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.events.models import CaseEvent
from supervise.incidents import operations
from supervise.incidents.models import Incident, PoliceDecision
from supervise.notifications.models import Notification
from tests.factories import make_agency, make_case, make_person, make_user
from tests.incidents.factories import (
    incident_values,
    make_incident,
    make_non_cooperation,
    violent_values,
)


def _notes(db, user):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id)).all()


def test_an_incident_joins_the_chronology_linked_to_its_record(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.category == "incident"))
    assert event.source_type == "incidents" and event.source_id == incident.id
    assert event.occurred_at == incident.occurred_at
    assert "Shouting or raising voices" in event.summary and "The family home" in event.summary
    assert link_for(event) == ("Incident record", f"/cases/{world.case.id}/incidents/{incident.id}")


def test_an_incident_tells_the_workers_line_manager_at_once(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    notes = _notes(db, world.users["manager"])
    assert len(notes) == 1 and notes[0].kind == "incident"
    assert notes[0].link == f"/cases/{world.case.id}/incidents/{incident.id}"
    assert incident.managers_notified == [world.users["manager"].id]
    assert not _notes(db, world.users["manager2"])


def test_an_incident_recorded_for_a_colleague_tells_the_recorders_manager_too(world, db):
    incident = make_incident(world.case, world.users["hv"], by=world.users["practitioner"])
    assert incident.worker_id == world.users["hv"].id
    assert incident.managers_notified == [world.users["manager"].id]


def test_violence_without_a_police_decision_is_refused(world, db):
    values = incident_values(behaviours=["physical-violence"])
    with pytest.raises(DomainError) as refused:
        operations.record_incident(world.case, world.users["practitioner"], values,
                                   by=world.users["practitioner"])
    assert refused.value.field == "police_decision"


def test_a_threat_to_kill_needs_the_reason_for_the_police_decision(world, db):
    values = incident_values(behaviours=["threat-to-kill"],
                             police_decision=PoliceDecision.NOT_INFORMED)
    with pytest.raises(DomainError) as refused:
        operations.record_incident(world.case, world.users["practitioner"], values,
                                   by=world.users["practitioner"])
    assert refused.value.field == "police_reason"


def test_violence_with_a_decision_and_reason_is_recorded(world, db):
    incident = operations.record_incident(world.case, world.users["practitioner"],
                                          violent_values(), by=world.users["practitioner"])
    assert incident.police_decision_required and incident.involves_violence
    assert "The police were informed" in incident_summary_of(db, incident)


def incident_summary_of(db, incident):
    return db.session.scalar(sa.select(CaseEvent.summary).where(
        CaseEvent.source_type == "incidents", CaseEvent.source_id == incident.id))


def test_no_police_decision_is_needed_without_violence(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    assert incident.police_decision is None and not incident.police_decision_required


def test_the_database_refuses_violence_without_a_police_decision(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    incident.police_decision_required = True
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()


def test_an_incident_needs_a_behaviour(world, db):
    with pytest.raises(DomainError) as refused:
        make_incident(world.case, world.users["practitioner"], behaviours=[])
    assert refused.value.field == "behaviours"


def test_a_behaviour_not_in_the_guidance_is_refused(world, db):
    with pytest.raises(DomainError):
        make_incident(world.case, world.users["practitioner"], behaviours=["made-up"])


def test_an_incident_towards_someone_off_the_case_team_is_refused(world, db):
    with pytest.raises(DomainError) as refused:
        make_incident(world.case, world.users["outsider"], by=world.users["practitioner"])
    assert refused.value.field == "worker_id"


def test_an_incident_in_the_future_is_refused(world, db):
    with pytest.raises(DomainError) as refused:
        make_incident(world.case, world.users["practitioner"],
                      occurred_at=clock.now() + timedelta(hours=1))
    assert refused.value.field == "occurred_on"


def test_people_from_another_family_are_refused(world, db):
    other = make_case(world.users["practitioner"])
    stranger = make_person(other, world.users["practitioner"])
    with pytest.raises(DomainError) as refused:
        make_incident(world.case, world.users["practitioner"], person_ids=[stranger.id])
    assert refused.value.field == "person_ids"


REVIEW = {"review_cause": "Fear of removal", "review_decision": "Joint visits from now on",
          "support": ["debrief-manager"], "support_notes": ""}


def test_the_workers_line_manager_reviews_an_incident(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    operations.review_incident(incident, REVIEW, by=world.users["manager"])
    assert incident.is_reviewed and incident.reviewed_by_id == world.users["manager"].id
    assert incident.support == ["debrief-manager"]
    assert [n.kind for n in _notes(db, world.users["practitioner"])].count("incident_reviewed") == 1


@pytest.mark.parametrize("who", ["practitioner", "hv", "manager2"])
def test_nobody_but_a_line_manager_of_the_worker_reviews(world, db, who):
    incident = make_incident(world.case, world.users["practitioner"])
    with pytest.raises(NotAllowed):
        operations.review_incident(incident, REVIEW, by=world.users[who])


def test_the_recorders_manager_reviews_when_the_worker_has_none_in_supervise(world, db):
    incident = make_incident(world.case, world.users["hv"], by=world.users["practitioner"])
    operations.review_incident(incident, REVIEW, by=world.users["manager"])
    assert incident.is_reviewed


def test_a_review_records_the_cause_and_the_decision(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    with pytest.raises(DomainError) as refused:
        operations.review_incident(incident, {**REVIEW, "review_decision": ""},
                                   by=world.users["manager"])
    assert refused.value.field == "review_decision"


def test_an_incident_is_reviewed_once(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    operations.review_incident(incident, REVIEW, by=world.users["manager"])
    with pytest.raises(IllegalTransition):
        operations.review_incident(incident, REVIEW, by=world.users["manager"])


def test_a_manager_cannot_review_an_incident_towards_themselves(world, db):
    incident = make_incident(world.case, world.users["hv"], by=world.users["practitioner"])
    incident.worker_id = world.users["manager"].id
    db.session.flush()
    db.session.expire(incident)
    assert not operations.may_review(world.users["manager"], incident)


def test_non_cooperation_is_typed_with_reasons_and_joins_the_chronology(world, db):
    record = make_non_cooperation(world.case, world.users["hv"], kind="disguised-compliance",
                                  reasons=["something-to-hide", "fear-of-authority"])
    assert record.kind_label == "Disguised compliance"
    assert record.kind_version and record.reasons_version
    assert record.reason_labels == ["Have something to hide",
                                    "Dislike, fear or distrust authority figures"]
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.category == "non_cooperation"))
    assert event.source_id == record.id and event.summary.startswith("Disguised compliance:")
    assert event.source_agency_id == world.users["hv"].agency_id


@pytest.mark.parametrize(("field", "value"), [("kind", "sulking"), ("reasons", ["bad-luck"]),
                                              ("observed", "")])
def test_non_cooperation_refuses_what_the_guidance_does_not_know(world, db, field, value):
    with pytest.raises(DomainError) as refused:
        make_non_cooperation(world.case, world.users["hv"], **{field: value})
    assert refused.value.field == field


def test_incidents_towards_other_agencies_workers_are_recorded(world, db):
    school = make_agency("Test Education")
    teacher = make_user(school, name="Tess Teacher")
    add_team_member(world.case, teacher, "Designated safeguarding lead", "", False,
                    by=world.users["practitioner"])
    incident = make_incident(world.case, teacher, by=world.users["practitioner"])
    assert db.session.get(Incident, incident.id).worker.agency.name == "Test Education"
