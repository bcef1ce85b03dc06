"""State transitions under real concurrency: two requests in flight at once, on their own
connections, against a committed PostgreSQL database. Another connection holds the row's lock
until both requests are queued behind it, so both have loaded the record before either acts —
the worst interleaving, every time. Exactly one wins; the other is refused in words; the data
and the audit log agree."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
import sqlalchemy as sa

from supervise import clock
from supervise.accounts import operations as accounts
from supervise.audit.models import AuditEvent
from supervise.breaches import operations as breaches
from supervise.breaches.models import Breach, BreachFollowUp, BreachSource
from supervise.extensions import db
from supervise.notifications.models import Notification
from supervise.plans.models import ActionPlan, PlanSignOff, PlanStatus
from supervise.visits.models import Visit, VisitEscalation, VisitStatus
from tests import factories
from tests.agreements.factories import make_signed_without_rendering
from tests.visits import factories as vf

pytestmark = pytest.mark.postgres_only


def _race(committed, table: str, row_id: int, first, second):
    """Run ``first`` then ``second`` (callables making one request each) so that both are
    waiting on the row before either gets it; return their responses."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        with committed.row_locked(table, row_id) as waiting:
            one = pool.submit(first)
            waiting(1)
            two = pool.submit(second)
            waiting(2)
        return one.result(timeout=30), two.result(timeout=30)


def _audit_actions(object_type: str, object_id: int) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .order_by(AuditEvent.id)))


@pytest.mark.parametrize("second", ["sign-off", "return"])
def test_two_managers_deciding_the_same_plan_at_once_one_wins(committed, second):
    with committed.app.app_context():
        world = factories.build_world()
        accounts.set_team_managers(world.teams["north"], [world.users["manager"],
                                                          world.users["manager2"]], by=None)
        plan = vf.submitted(world)
        url = f"/cases/{plan.case_id}/plans/{plan.id}"
        plan_id, version = plan.id, str(plan.version)
        db.session.commit()
    mo = committed.client_for("manager@example.test")
    meg = committed.client_for("manager2@example.test")
    if second == "sign-off":
        other = lambda: meg.post(url + "/sign-off", data={"version": version})  # noqa: E731
    else:
        other = lambda: meg.post(url + "/return", data={  # noqa: E731
            "version": version, "comments": "Say who has the keys"})

    signed, refused = _race(committed, "action_plans", plan_id,
                            lambda: mo.post(url + "/sign-off", data={"version": version}),
                            other)

    assert signed.status_code == 302
    if second == "sign-off":
        assert refused.status_code == 302  # back to the plan, with the reason
        page = meg.get(url).text
    else:
        assert refused.status_code == 422
        page = refused.text
        assert "Say who has the keys</textarea>" in page  # what Meg typed is still there
    assert "Mo Manager has already signed off this plan" in page
    with committed.app.app_context():
        plan = db.session.get(ActionPlan, plan_id)
        assert plan.status is PlanStatus.SIGNED_OFF and plan.return_comments == ""
        signoffs = db.session.scalars(sa.select(PlanSignOff).where(
            PlanSignOff.plan_id == plan_id)).all()
        assert [s.signed_by.name for s in signoffs] == ["Mo Manager"]
        assert _audit_actions("action_plans", plan_id)[-1:] == ["sign_off"]
        assert "return" not in _audit_actions("action_plans", plan_id)


def _check_out_form(child_id: int, version: str) -> dict[str, str]:
    form = {"who_present": "Zoe, Zara", "what_was_done": "Looked round the house",
            f"child_{child_id}": "alone", "version": version}
    for item in ("key_people_seen", "sleeping_arrangements", "food", "others_living",
                 "usual_practice", "relieved_to_leave"):
        form[f"obs_{item}"] = "yes"
    return form


@pytest.mark.parametrize("first", ["check-out", "escalation"])
def test_check_out_racing_an_escalation_leaves_no_step_after_the_worker_is_back(committed,
                                                                                first):
    with committed.app.app_context():
        world = factories.build_world()
        plan = vf.in_progress(world, back_in=timedelta(minutes=30))
        visit = plan.visit
        base = f"/cases/{visit.case_id}/visits/{visit.id}"
        visit_id, child_id = visit.id, world.case.children[0].id
        form = _check_out_form(child_id, str(visit.version))
        db.session.commit()
    pat = committed.client_for("practitioner@example.test")
    mo = committed.client_for("manager@example.test")
    check_out = lambda: pat.post(base + "/check-out", data=form)  # noqa: E731
    escalate = lambda: mo.post(base + "/escalate", data={  # noqa: E731
        "step": "tried-worker", "notes": "Voicemail"})
    order = (check_out, escalate) if first == "check-out" else (escalate, check_out)

    one, two = _race(committed, "visits", visit_id, *order)

    with committed.app.app_context():
        visit = db.session.get(Visit, visit_id)
        steps = db.session.scalars(sa.select(VisitEscalation).where(
            VisitEscalation.visit_id == visit_id)).all()
        assert visit.status is VisitStatus.COMPLETED
        assert all(step.recorded_at <= visit.checked_out_at for step in steps)
        back_safe = db.session.scalars(sa.select(Notification).where(
            Notification.kind == "visit_back_safe")).all()
        if first == "check-out":
            assert one.status_code == 302
            assert two.status_code == 422
            assert "Pat Practitioner checked out at" in two.text
            assert "is back safely: no step is needed" in two.text
            assert steps == [] and back_safe == []
        else:
            assert one.status_code == 302 and two.status_code == 302
            assert len(steps) == 1
            # The check-out saw the step that got there first, and tells the manager.
            assert [n.user.name for n in back_safe] == ["Mo Manager"]
        assert _audit_actions("visits", visit_id).count("check_out") == 1


def test_two_follow_ups_of_one_breach_at_once_the_second_sees_the_first(committed):
    with committed.app.app_context():
        world = factories.build_world()
        agreement = make_signed_without_rendering(world)
        breach = breaches.record_breach(agreement, agreement.behaviours[0], {
            "occurred_on": clock.today(), "what_happened": "Swore at the health visitor",
            "source": BreachSource.OBSERVED, "reported_by": ""},
            by=world.users["practitioner"])
        url = f"/cases/{breach.case_id}/agreements/breaches/{breach.id}/follow-up"
        breach_id = breach.id
        db.session.commit()
    pat = committed.client_for("practitioner@example.test")
    mo = committed.client_for("manager@example.test")
    assert 'name="version" type="hidden" value="0"' in pat.get(url).text

    def follow_up(client, action: str):
        return lambda: client.post(url, data={"action_taken": action, "outcome": "Noted",
                                              "version": "0"})

    saved, refused = _race(committed, "breaches", breach_id,
                           follow_up(pat, "Phoned the mother"), follow_up(mo, "Wrote to her"))

    assert saved.status_code == 302
    assert refused.status_code == 409
    assert "Pat Practitioner saved changes to this record" in refused.text
    assert "is now saved as “Phoned the mother” (you typed “Wrote to her”)" in refused.text
    assert "Wrote to her</textarea>" in refused.text
    with committed.app.app_context():
        follow_ups = db.session.scalars(sa.select(BreachFollowUp).where(
            BreachFollowUp.breach_id == breach_id)).all()
        assert [f.action_taken for f in follow_ups] == ["Phoned the mother"]
        assert not db.session.get(Breach, breach_id).is_open
        assert _audit_actions("breach_follow_ups", follow_ups[0].id) == ["create"]
