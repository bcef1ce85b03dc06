"""Rules for supervision: a session is seen only by the practitioner supervised and their line
manager — never by colleagues on the same case (the health visitor here), other managers or
administrators."""

from datetime import timedelta

from supervise import clock
from supervise.extensions import db
from supervise.supervision.library import library
from supervise.supervision.models import (
    AgreedAction,
    ConcernShare,
    SessionCase,
    SessionStatus,
    ShareRecipient,
    SupervisionAnswer,
    SupervisionSession,
)
from tests.access.rules import CASE_WORKERS, SIGNED_IN, Rule, case_rule

# The practitioner supervised and the manager of their team.
SUPERVISION = frozenset({"practitioner", "manager"})
# world.ids["user_id"] is the outsider (South): only their line manager may schedule them.
THEIR_MANAGER = frozenset({"manager2"})


def rule(**kwargs) -> Rule:
    return Rule(allowed=SUPERVISION, **kwargs)


RULES = {
    "supervision.index": Rule(allowed=CASE_WORKERS),
    "supervision.library_page": Rule(allowed=SIGNED_IN),
    "supervision.practitioner": Rule(allowed=THEIR_MANAGER),
    "supervision.cadence": Rule(allowed=THEIR_MANAGER),
    "supervision.schedule": Rule(allowed=THEIR_MANAGER),
    "supervision.show": rule(),
    "supervision.prepare": rule(),
    "supervision.prepared": rule(),
    "supervision.start": rule(),
    "supervision.cancel": rule(),
    "supervision.notes": rule(),
    "supervision.actions": rule(),
    "supervision.action_done": rule(),
    "supervision.sign": rule(),
    "supervision.addendum": rule(),
    "supervision.record_page": rule(),
    "supervision.case": rule(),
    "supervision.case_section": rule(),
    "supervision.session_section": rule(),
    "supervision.case_answer": rule(),
    "supervision.session_answer": rule(),
    "supervision.case_notes": rule(),
    "supervision.decision": rule(),
    "supervision.share": rule(),
    "supervision.not_shared": rule(),
    # What was shared is for the whole case team, in every agency.
    "supervision.shared_concern": case_rule(),
}


def extend(world) -> None:
    """A held session on the world's case, with a "yes" shared with the health visitor, an
    action, and the ids of a section and prompts at each scope. Inserted directly: this runs
    for every cell of the matrix (the operations are tested in tests/supervision)."""
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    now = clock.now()
    session = SupervisionSession(practitioner_id=practitioner.id, manager_id=manager.id,
                                 scheduled_for=now, status=SessionStatus.HELD, held_at=now,
                                 created_by_id=manager.id)
    session.cases.append(SessionCase(case_id=world.case.id, added_by_id=practitioner.id))
    prompt = library().prompt("sharing-hostile-experience")
    answer = SupervisionAnswer(case_id=world.case.id, prompt_id=prompt.id,
                               section=prompt.section, library_version=library().version,
                               prompt_text=prompt.item.label, answer="yes",
                               answered_by_id=practitioner.id)
    share = ConcernShare(case_id=world.case.id, shared_by_id=practitioner.id,
                         message="Dogs let loose", answers=[answer],
                         recipients=[ShareRecipient(user_id=world.users["hv"].id)])
    action = AgreedAction(description="Book a joint visit", owner_id=practitioner.id,
                          due_on=clock.today() + timedelta(days=7), created_by_id=manager.id)
    db.session.add(session)
    db.session.flush()
    for record in (answer, share, action):
        record.session_id = session.id
    db.session.add_all([answer, share, action])
    db.session.flush()
    world.ids.update({
        "session_id": session.id, "action_id": action.id, "share_id": share.id,
        "section": "sharing", "prompt_id": prompt.id,
        "session_section": "impact", "session_prompt": "impact-overall",
    })


# --- Forms the hostile-input sweep cannot find on the world's pages (tests/security/) --------
# The world's session is held with its one "yes" already shared, so the forms of the other
# stages need a session of their own, built through the real operations
# (tests/supervision/factories.py).


def _scheduled_session(world, client, login_as) -> str:
    """Booked for tomorrow, not started: the line manager sees Start the session."""
    from tests.supervision import factories as sf

    session = sf.make_session(world.users["practitioner"], world.users["manager"],
                              cases=[world.case])
    login_as("manager")
    return f"/supervision/sessions/{session.id}"


def _yes_waiting_to_be_shared(world, client, login_as) -> str:
    """Held, with two "yes" answers to the sharing questions neither shared nor given a
    reason: the practitioner sees the share form and a reason form for each."""
    from tests.supervision import factories as sf

    session = sf.held_session(world)
    practitioner = world.users["practitioner"]
    for prompt_id in ("sharing-hostile-experience", "sharing-intimidated"):
        sf.answer(session, prompt_id, practitioner, case=world.case, value="yes",
                  notes="The father stood in the doorway")
    login_as("practitioner")
    return f"/supervision/sessions/{session.id}/cases/{world.case.id}/share"


def _signed_session(world, client, login_as) -> str:
    """Held and signed by both: the record is read-only and takes dated addenda."""
    from tests.supervision import factories as sf

    session = sf.held_session(world)
    sf.sign_by_both(session)
    login_as("practitioner")
    return f"/supervision/sessions/{session.id}"


SWEEP_PREPARATIONS = {
    "supervision.start": _scheduled_session,
    "supervision.share": _yes_waiting_to_be_shared,
    "supervision.not_shared": _yes_waiting_to_be_shared,
    "supervision.addendum": _signed_session,
}
