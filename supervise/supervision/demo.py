"""Demo supervision for Priya Shah (practitioner) and Morgan Ellis (her line manager): a signed
session five weeks ago with shared concerns, decisions and actions (one still open and
overdue); the next one, last week, cancelled and not re-arranged; so Priya is overdue.

Built through the real operations, then moved back in time to when it happened."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import sqlalchemy as sa

from supervise import clock
from supervise.demo import DemoWorld
from supervise.events.models import CaseEvent
from supervise.events.operations import record_event
from supervise.extensions import db
from supervise.supervision import answers, queries, record, scheduling
from supervise.supervision.library import library
from supervise.supervision.models import (
    AgreedAction,
    ConcernShare,
    SupervisionAnswer,
    SupervisionDecision,
    SupervisionSession,
)

HARPER_ANSWERS = [
    ("sharing-hostile-experience", "yes", "Ryan Cole set two dogs loose in the hallway and "
     "shouted at me to leave."),
    ("sharing-intimidated", "yes", "I dread the visits."),
    ("sharing-would-want-to-know", "yes", ""),
    ("colluding-relieved-no-answer", "yes", "Twice last month, and I did not go back that day."),
    ("colluding-child-seen-alone", "no", "Ava has not been seen alone since the summer."),
    ("colluding-sleeping-seen", "no", "Ryan blocks the stairs."),
    ("child-appease-minimise", "unsure", "Ava smiles constantly when Ryan is in the room."),
    ("child-door-closed", "", "Relief that I had gone, and fear of what Ryan would say next."),
    ("hostility-experienced", "", "Shouting, the dogs, and Ryan standing in the doorway."),
    ("planning-risk-to-worker", "yes", ""),
]
IMPACT = [
    ("impact-overall", "3", "", []),
    ("impact-signs", "", "", ["hyper-vigilance", "sleep-disturbance"]),
    ("impact-support-needed", "", "A debrief after each Harper visit, and a personal safety "
     "refresher.", []),
]


def seed(world: DemoWorld) -> None:
    """Idempotent: does nothing once Priya has a supervision cadence."""
    priya, morgan = world.users["practitioner"], world.users["manager"]
    if priya is None or morgan is None or queries.cadence_for(priya.id) is not None:
        return
    today = clock.today()
    scheduling.set_cadence(priya, 4, today - timedelta(weeks=20), by=morgan)
    _non_cooperation(world, priya)
    held = _held_session(world, priya, morgan)
    _move_back(held, days=35)
    cancelled = scheduling.schedule_session(priya, clock.now() + timedelta(days=1), by=morgan)
    scheduling.cancel_session(cancelled, "Called to an emergency strategy meeting", by=morgan)
    _move_back(cancelled, days=7)
    world.report.append("Demo supervision: Priya Shah is overdue, with a cancelled session "
                        "not re-arranged")


def _non_cooperation(world: DemoWorld, priya) -> None:
    """What Priya brings about the Harper family: the case log's non-cooperation entries."""
    harper = world.cases["harper"]
    for days, summary in ((45, "Door not answered; voices and dogs heard inside. Third time "
                                "this month."),
                          (10, "Jade Harper cancelled the health visitor's appointment an hour "
                               "before; Ryan Cole phoned the office shouting.")):
        record_event(harper, "non_cooperation", summary, by=priya,
                     occurred_at=clock.now() - timedelta(days=days))


def _held_session(world: DemoWorld, priya, morgan) -> SupervisionSession:
    harper, okafor = world.cases["harper"], world.cases["okafor"]
    session = scheduling.schedule_session(priya, clock.now() + timedelta(days=1), by=morgan)
    scheduling.choose_cases(session, [harper, okafor], by=priya)
    scheduling.start_session(session, by=morgan)
    for prompt_id, value, notes in HARPER_ANSWERS:
        _answer(session, prompt_id, priya, value, notes, case=harper)
    _answer(session, "sharing-hostile-experience", priya, "yes",
            "Emeka followed me to my car.", case=okafor)
    for prompt_id, value, notes, choices in IMPACT:
        _answer(session, prompt_id, priya, value, notes, choices=choices)
    record.save_case_notes(session.case_entry(harper.id), {
        "notes": "Visits are being cut short. Agreed Priya should not visit alone.",
        "risk_steps": "Joint visits only, with the health visitor or the police. Dogs secured "
                      "before entry. Visits before 3pm. Call the duty manager on arrival and "
                      "on leaving."}, by=morgan)
    answers.share_concerns(session, harper, [world.users["hv"]],
                           "Ryan Cole has used the dogs to intimidate me and I am fearful of "
                           "him. Please do not visit alone and tell me if you see the dogs "
                           "loose.", by=priya)
    okafor_yes = queries.unresolved_sharing(session, okafor.id)[0]
    answers.record_not_sharing(okafor_yes, session, "Nobody else is on the case team yet; "
                               "raised at the strategy meeting instead.", by=morgan)
    record.record_decision(session, harper, "Joint visits only until the risk alert is "
                           "reviewed. Consider a written agreement about the dogs.", by=morgan)
    record.record_decision(session, okafor, "Ask the police whether Emeka Okafor is known; "
                           "discuss at the next core group.", by=morgan)
    week = clock.today() + timedelta(days=7)
    record.add_action(session, "Arrange a joint visit to the Harper family with the health "
                      "visitor", priya, week, by=morgan, case=harper)
    training = record.add_action(session, "Book Priya on personal safety training", morgan,
                                 week, by=morgan)
    record.complete_action(training, by=morgan, note="Booked for next month")
    record.sign(session, by=priya)
    record.sign(session, by=morgan)
    return session


def _answer(session, prompt_id, by, value, notes, *, case=None, choices=()) -> None:
    prompt = library().prompt(prompt_id)
    answers.save_answer(session, prompt, {"answer": value, "notes": notes,
                                          "choices": list(choices)}, by=by, case=case)


def _move_back(session: SupervisionSession, *, days: int) -> None:
    """Date the session and everything recorded in it ``days`` ago, at 10am UK time."""
    when = clock.from_uk(datetime.combine(clock.today() - timedelta(days=days), time(10, 0)))
    shift = when - (session.held_at or session.cancelled_at or session.scheduled_for)
    session.scheduled_for = when
    for name in ("created_at", "cancelled_at", "prepared_at", "held_at", "signed_at",
                 "practitioner_signed_at", "manager_signed_at"):
        if getattr(session, name) is not None:
            setattr(session, name, getattr(session, name) + shift)
    _shift(SupervisionAnswer, "answered_at", session.id, shift)
    _shift(ConcernShare, "shared_at", session.id, shift)
    _shift(SupervisionDecision, "decided_at", session.id, shift)
    for action in db.session.scalars(sa.select(AgreedAction)
                                     .where(AgreedAction.session_id == session.id)):
        action.created_at += shift
        action.due_on -= timedelta(days=days)
        if action.completed_at:
            action.completed_at += shift
    _shift_events(session, shift)
    db.session.flush()


def _shift(model, column: str, session_id: int, shift: timedelta) -> None:
    for row in db.session.scalars(sa.select(model).where(model.session_id == session_id)):
        setattr(row, column, getattr(row, column) + shift)


def _shift_events(session: SupervisionSession, shift: timedelta) -> None:
    """The decisions and shares it wrote to the case event log happened then, too."""
    sources = [("supervision_decisions", d.id) for d in db.session.scalars(
        sa.select(SupervisionDecision).where(SupervisionDecision.session_id == session.id))]
    sources += [("supervision_shares", s.id) for s in db.session.scalars(
        sa.select(ConcernShare).where(ConcernShare.session_id == session.id))]
    for source_type, source_id in sources:
        for event in db.session.scalars(sa.select(CaseEvent).where(
                CaseEvent.source_type == source_type, CaseEvent.source_id == source_id)):
            event.occurred_at += shift
            event.recorded_at += shift
