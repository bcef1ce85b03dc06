"""The *impact on me* section is private to the practitioner and their line manager: it never
appears on a case page, in the case event log, in anything shared, or in a case's audit trail;
colleagues on the same case cannot reach any of the supervision record (404)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from supervise.audit.models import AuditEvent
from supervise.events.models import CaseEvent
from supervise.notifications.models import Notification
from supervise.supervision import answers, record
from tests.supervision.factories import answer, held_session

PRIVATE = "I lie awake before every visit to this family"
PRIVATE_TOO = "Counselling through occupational health"


@pytest.fixture
def supervised(world):
    """A session with private answers, a decision and a concern shared with the case team."""
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    session = held_session(world)
    answer(session, "impact-on-the-work", practitioner, case=world.case, notes=PRIVATE)
    answer(session, "impact-support-needed", practitioner, notes=PRIVATE_TOO)
    answer(session, "sharing-intimidated", practitioner, case=world.case, value="yes")
    answers.share_concerns(session, world.case, [world.users["hv"]], "Zoe's partner frightens me",
                           by=practitioner)
    record.record_decision(session, world.case, "Visit jointly with police", by=manager)
    return session


def _case_pages(world, share_id):
    case_id = world.case.id
    return [f"/cases/{case_id}", f"/cases/{case_id}/family", f"/cases/{case_id}/team",
            f"/cases/{case_id}/shared-concerns/{share_id}"]


@pytest.mark.parametrize("role", ["practitioner", "manager", "hv"])
def test_the_case_pages_never_show_the_impact_on_the_worker(role, supervised, world, client,
                                                            login_as):
    from supervise.supervision.queries import shares_for

    login_as(role)
    share_id = shares_for(supervised)[0].id
    for url in _case_pages(world, share_id):
        page = client.get(url)
        assert page.status_code == 200, url
        assert PRIVATE not in page.text and PRIVATE_TOO not in page.text, url
    overview = client.get(f"/cases/{world.case.id}").text
    assert "Visit jointly with police" in overview  # the decision is on the case
    assert "Zoe&#39;s partner frightens me" in client.get(_case_pages(world, share_id)[3]).text


def test_the_case_event_log_and_notifications_never_carry_it(supervised, db):
    summaries = " ".join(db.session.scalars(sa.select(CaseEvent.summary)))
    messages = " ".join(db.session.scalars(sa.select(Notification.message)))
    assert "Visit jointly with police" in summaries
    for text in (PRIVATE, PRIVATE_TOO):
        assert text not in summaries and text not in messages


def test_the_case_audit_trail_never_carries_it(supervised, world, db):
    on_the_case = db.session.scalars(sa.select(AuditEvent.changes).where(
        AuditEvent.case_id == world.case.id)).all()
    everything = db.session.scalars(sa.select(AuditEvent.changes)).all()
    for text in (PRIVATE, PRIVATE_TOO):
        assert text not in str(on_the_case) and text not in str(everything)


def _session_urls(session, case_id):
    base = f"/supervision/sessions/{session.id}"
    return [base, f"{base}/record", f"{base}/sections/impact", f"{base}/actions",
            f"{base}/cases/{case_id}", f"{base}/cases/{case_id}/sections/impact",
            f"{base}/cases/{case_id}/share"]


@pytest.mark.parametrize("role", ["hv", "outsider", "manager2", "admin"])
def test_a_colleague_on_the_same_case_and_everyone_else_gets_404(role, supervised, world, client,
                                                                login_as):
    login_as(role)
    for url in _session_urls(supervised, world.case.id):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", ["practitioner", "manager"])
def test_the_practitioner_and_their_manager_see_the_impact_section(role, supervised, world,
                                                                   client, login_as):
    login_as(role)
    base = f"/supervision/sessions/{supervised.id}"
    assert PRIVATE_TOO in client.get(f"{base}/sections/impact").text
    assert PRIVATE in client.get(f"{base}/cases/{world.case.id}/sections/impact").text
    printed = client.get(f"{base}/record").text
    assert PRIVATE in printed and PRIVATE_TOO in printed


def test_viewing_the_impact_section_is_audited_without_the_case(supervised, world, client,
                                                                login_as, db):
    login_as("manager")
    client.get(f"/supervision/sessions/{supervised.id}/cases/{world.case.id}/sections/impact")
    client.get(f"/supervision/sessions/{supervised.id}/cases/{world.case.id}/sections/sharing")
    views = db.session.scalars(sa.select(AuditEvent).where(
        AuditEvent.action == "view", AuditEvent.object_type == "supervision_cases")).all()
    assert [v.case_id for v in views] == [None, world.case.id]
