"""Raising, reviewing and removing risk alerts; the alert an incident proposes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa
import time_machine

from supervise import clock
from supervise.accounts.models import AgencyKind
from supervise.alerts import operations
from supervise.alerts.models import AlertLevel
from supervise.alerts.queries import active_alerts, alert_history, required_precautions
from supervise.cases.operations import add_team_member
from supervise.core.concurrency import StaleRecord
from supervise.core.errors import DomainError, IllegalTransition, NotAllowed
from supervise.events.models import CaseEvent
from supervise.incidents.operations import record_incident
from supervise.notifications.models import Notification
from tests.factories import make_agency, make_user
from tests.incidents.factories import alert_values, make_alert, make_incident, violent_values


def _notified(db, kind="risk_alert") -> set[int]:
    return set(db.session.scalars(sa.select(Notification.user_id)
                                  .where(Notification.kind == kind)))


def test_raising_an_alert_tells_every_case_team_member_in_every_agency(world, db):
    school = make_agency("Test Academy", AgencyKind.EDUCATION)
    teacher = make_user(school, name="Tess Teacher")
    police = make_user(make_agency("Test Police", AgencyKind.POLICE), name="Pat Constable")
    for member in (teacher, police):
        add_team_member(world.case, member, "Core group member", "", False,
                        by=world.users["practitioner"])
    alert = make_alert(world.case, world.users["practitioner"])
    assert _notified(db) == {world.users["hv"].id, teacher.id, police.id}
    note = db.session.scalar(sa.select(Notification).where(Notification.user_id == police.id))
    assert note.link == f"/cases/{world.case.id}/alerts/{alert.id}"
    assert note.case_id == world.case.id and note.sent_by_id == world.users["practitioner"].id


def test_raising_an_alert_does_not_notify_people_off_the_case_team(world, db):
    make_alert(world.case, world.users["hv"])
    assert _notified(db) == {world.users["practitioner"].id}


def test_raising_an_alert_joins_the_chronology(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    event = db.session.scalar(sa.select(CaseEvent).where(CaseEvent.category == "risk_alert"))
    assert event.source_id == alert.id
    assert "Joint visits only" in event.summary and "High risk" in event.summary


def test_an_alert_is_in_force_until_removed(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    assert active_alerts(world.case.id) == [alert]
    assert required_precautions(world.case.id) == {"joint-visits-only"}


@pytest.mark.parametrize("review_date", [None, date(2020, 1, 1)])
def test_an_alert_needs_a_review_date_in_the_future(world, db, review_date):
    with pytest.raises(DomainError) as refused:
        make_alert(world.case, world.users["practitioner"], review_date=review_date)
    assert refused.value.field == "review_date"


def test_an_alert_reviewed_today_is_refused(world, db):
    with pytest.raises(DomainError):
        make_alert(world.case, world.users["practitioner"], review_date=clock.today())


def test_an_alert_needs_behaviours_or_precautions(world, db):
    with pytest.raises(DomainError) as refused:
        make_alert(world.case, world.users["practitioner"], behaviours=[], precautions=[])
    assert refused.value.field == "behaviours"


@pytest.mark.parametrize("field", ["behaviours", "precautions"])
def test_an_alert_uses_the_guidance_lists(world, db, field):
    with pytest.raises(DomainError) as refused:
        make_alert(world.case, world.users["practitioner"], **{field: ["invented"]})
    assert refused.value.field == field


def test_removing_an_alert_needs_a_reason(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    with pytest.raises(DomainError) as refused:
        operations.remove_alert(alert, world.case, "", by=world.users["practitioner"])
    assert refused.value.field == "removal_reason" and alert.is_active


def test_a_removed_alert_stays_in_the_history_with_its_reason(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    operations.remove_alert(alert, world.case, "Family moved; new assessment",
                            by=world.users["manager"])
    assert active_alerts(world.case.id) == []
    assert alert_history(world.case.id) == [alert]
    assert alert.removal_reason == "Family moved; new assessment"
    assert alert.removed_by_id == world.users["manager"].id
    summaries = db.session.scalars(sa.select(CaseEvent.summary)
                                   .where(CaseEvent.category == "risk_alert")).all()
    assert any("Family moved" in s for s in summaries)


def test_removing_an_alert_tells_the_case_team(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    db.session.execute(sa.delete(Notification))
    operations.remove_alert(alert, world.case, "No longer needed", by=world.users["manager"])
    assert _notified(db) == {world.users["practitioner"].id, world.users["hv"].id}


def test_a_colleague_cannot_remove_someone_elses_alert(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    with pytest.raises(NotAllowed):
        operations.remove_alert(alert, world.case, "I disagree", by=world.users["hv"])
    assert alert.is_active


def test_an_alert_is_removed_once(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    operations.remove_alert(alert, world.case, "Done", by=world.users["practitioner"])
    with pytest.raises(IllegalTransition):
        operations.remove_alert(alert, world.case, "Again", by=world.users["practitioner"])


def test_a_review_moves_the_review_date_and_keeps_what_it_changed(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    before = alert.review_date
    new_date = clock.today() + timedelta(days=90)
    review = operations.review_alert(
        alert, world.case, {"level": AlertLevel.MEDIUM, "behaviours": alert.behaviours,
                            "precautions": ["joint-visits-only", "neutral-venue"]},
        notes="Still needed; meet at the family centre", next_review_date=new_date,
        by=world.users["hv"])
    assert alert.review_date == new_date and alert.level is AlertLevel.MEDIUM
    assert review.previous_review_date == before and review.next_review_date == new_date
    assert set(review.changes) == {"level", "precautions"}
    assert alert.reviews == [review]


def test_a_review_of_a_removed_alert_is_refused(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    operations.remove_alert(alert, world.case, "Done", by=world.users["practitioner"])
    with pytest.raises(IllegalTransition):
        operations.review_alert(alert, world.case, {}, notes="x",
                                next_review_date=clock.today() + timedelta(days=9),
                                by=world.users["manager"])


def test_a_review_of_an_alert_someone_changed_meanwhile_is_refused(world, db):
    alert = make_alert(world.case, world.users["practitioner"])
    seen = alert.version
    operations.review_alert(alert, world.case, {}, notes="First",
                            next_review_date=clock.today() + timedelta(days=9),
                            by=world.users["manager"])
    with pytest.raises(StaleRecord):
        operations.review_alert(alert, world.case, {}, notes="Second",
                                next_review_date=clock.today() + timedelta(days=19),
                                by=world.users["hv"], seen_version=seen)


def test_an_alert_is_past_review_the_day_after_its_review_date(world, db):
    alert = make_alert(world.case, world.users["practitioner"],
                       review_date=clock.today() + timedelta(days=3))
    with time_machine.travel(clock.now() + timedelta(days=3), tick=False):
        assert not alert.is_past_review()
    with time_machine.travel(clock.now() + timedelta(days=4, hours=1), tick=False):
        assert alert.is_past_review()


def test_an_incident_proposes_an_alert_filled_in_from_it(world, db):
    incident = make_incident(world.case, world.users["practitioner"])
    proposal = operations.proposal_from(incident)
    assert proposal["level"] is AlertLevel.MEDIUM
    assert proposal["behaviours"] == ["shouting", "swearing"]
    assert proposal["precautions"] == ["joint-visits-only"]
    assert "The family home" in proposal["reason"]
    assert proposal["review_date"] > clock.today()


def test_violence_proposes_a_high_alert_with_police_present(world, db):
    incident = record_incident(world.case, world.users["practitioner"], violent_values(),
                               by=world.users["practitioner"])
    proposal = operations.proposal_from(incident)
    assert proposal["level"] is AlertLevel.HIGH
    assert "police-present" in proposal["precautions"]
    alert = operations.raise_alert(world.case, proposal, by=world.users["practitioner"],
                                   incident=incident)
    assert alert.incident_id == incident.id


def test_alert_values_factory_is_valid(world, db):
    assert operations.raise_alert(world.case, alert_values(), by=world.users["hv"]).is_active
