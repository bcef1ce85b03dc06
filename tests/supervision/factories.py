"""Factories for supervision: sessions built through the real operations."""

from __future__ import annotations

from datetime import datetime, timedelta

from supervise import clock
from supervise.accounts.models import User
from supervise.cases.models import Case
from supervise.supervision import answers, record, scheduling
from supervise.supervision.library import library
from supervise.supervision.models import SupervisionSession


def make_session(practitioner: User, manager: User, *, cases: list[Case] = (),
                 when: datetime | None = None, start: bool = False) -> SupervisionSession:
    """A session booked by ``manager``, with ``cases`` chosen; started when ``start``."""
    session = scheduling.schedule_session(practitioner, when or clock.now() + timedelta(days=1),
                                          by=manager)
    if cases:
        scheduling.choose_cases(session, list(cases), by=practitioner)
    if start:
        scheduling.start_session(session, by=manager)
    return session


def answer(session: SupervisionSession, prompt_id: str, by: User, *, case: Case | None = None,
           value: str = "", notes: str = "", choices: list[str] = ()):
    prompt = library().prompt(prompt_id)
    return answers.save_answer(session, prompt, {"answer": value, "notes": notes,
                                                 "choices": list(choices)},
                               by=by, case=case)


def held_session(world, **kwargs) -> SupervisionSession:
    """The world's practitioner and manager, discussing the world's case, session started."""
    return make_session(world.users["practitioner"], world.users["manager"],
                        cases=[world.case], start=True, **kwargs)


def sign_by_both(session: SupervisionSession) -> None:
    record.sign(session, by=session.practitioner)
    record.sign(session, by=session.manager)
