"""The read side other domains build on: a practitioner's visit log, today's visits, what
waits for a manager."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from supervise.core.paging import FirstRows
from supervise.visits import queries
from tests.visits import factories as vf

pytestmark = pytest.mark.usefixtures("clock_at")


def test_visit_log_lists_a_practitioners_visits_in_the_range_with_their_times(world):
    done = vf.in_progress(world)
    later = vf.make_plan(world, start=datetime(2027, 4, 1, 10, 0))
    log = queries.visit_log(world.users["practitioner"].id, datetime(2027, 3, 1),
                            datetime(2027, 3, 31))
    assert [v.id for v in log] == [done.visit_id]
    assert log[0].checked_in_at is not None and log[0].approved_at is not None
    assert later.visit_id not in [v.id for v in log]
    assert queries.visit_log(world.users["hv"].id, datetime(2027, 3, 1),
                             datetime(2027, 3, 31)) == []


def test_today_lists_visits_planned_today_and_those_in_progress(world):
    today = vf.make_plan(world, start=datetime(2027, 3, 10, 14, 0))
    vf.make_plan(world, start=datetime(2027, 3, 12, 14, 0))
    running = vf.in_progress(world, back_in=timedelta(hours=2))
    ids = [v.id for v in queries.today_for(world.users["practitioner"])]
    assert set(ids) == {today.visit_id, running.visit_id}


def test_the_manager_waits_on_submitted_plans_and_signed_off_visits(world):
    submitted = vf.submitted(world)
    signed = vf.signed_off(world)
    vf.approved(world)
    waiting = queries.waiting_for_manager(world.users["manager"])
    assert [p.id for p in waiting.plans] == [submitted.id]
    assert waiting.plans.total == 1
    assert [v.id for v in waiting.visits] == [signed.visit_id]
    assert queries.waiting_for_manager(world.users["manager2"]) == \
        queries.WaitingForManager(FirstRows([], 0), [])


def test_a_long_list_of_plans_to_sign_off_gives_the_soonest_and_how_many_in_all(world):
    later = vf.submitted(world, start=datetime(2027, 3, 20, 10, 0))
    sooner = vf.submitted(world, start=datetime(2027, 3, 12, 10, 0))
    waiting = queries.waiting_for_manager(world.users["manager"], limit=1)
    assert [p.id for p in waiting.plans] == [sooner.id]
    assert waiting.plans.total == 2
    assert [p.id for p in queries.waiting_for_manager(world.users["manager"]).plans] == \
        [sooner.id, later.id]


def test_my_open_plans_are_drafts_and_plans_returned_to_me_for_visits_still_to_come(world):
    from supervise.plans import operations as plans
    from supervise.visits import operations as visits

    draft = vf.make_plan(world, complete=False, start=datetime(2027, 3, 14, 10, 0))
    returned = vf.submitted(world, start=datetime(2027, 3, 12, 10, 0))
    plans.return_for_changes(returned, "Say who else lives there", by=world.users["manager"],
                             seen_version=returned.version)
    vf.submitted(world)  # waiting for the manager: nothing for the author to do
    called_off = vf.make_plan(world, complete=False)
    visits.cancel(called_off.visit, "Family moved", False, by=world.users["practitioner"])
    vf.make_plan(world, by=world.users["hv"], complete=False)  # someone else's draft
    mine = queries.my_open_plans(world.users["practitioner"])
    assert [p.id for p in mine] == [returned.id, draft.id]  # returned first, then by date
    assert [p.visit.case.family_name for p in mine] == [world.case.family_name] * 2
    assert mine[0].return_comments == "Say who else lives there"
