"""Demo written agreements in every state, breaches (one overdue for follow-up, repeated ones
escalated), and an agreement past its review date. Built through the real operations, then
moved back in time so the dashboards have something to show. Every family is fictional."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from supervise import clock
from supervise.agreements import lifecycle, operations
from supervise.agreements.models import Agreement
from supervise.breaches import operations as breaches
from supervise.breaches.models import Breach, BreachSource
from supervise.cases.models import Case
from supervise.demo import DemoWorld
from supervise.events.models import CaseEvent
from supervise.extensions import db

CONTACT = ("Priya Shah, social worker, Safeguarding North: 01632 960 214 (Monday to Friday, "
           "9am to 5pm). Out of hours: Emergency Duty Team, 01632 960 999.")


def seed(world: DemoWorld) -> None:
    """Agreements for the demo families (once)."""
    if db.session.scalar(sa.select(sa.func.count(Agreement.id))):
        return
    users, cases = world.users, world.cases
    _harper(cases["harper"], users)
    _okafor(cases["okafor"], users)
    _pritchard(cases["pritchard"], users)
    _nowak(cases["nowak"], users)
    _walsh(cases["walsh"], users)
    _begum(cases["begum"], users)
    _reid(cases["reid"], users)
    db.session.flush()
    world.report.append("Demo agreements: every state, breaches overdue and escalated")


def _adult(case: Case, given_name: str) -> Any:
    return next(p for p in case.adults if p.given_name == given_name)


def _draft(case: Case, by: Any, parties: list[str], grounds: str, commitments: str,
           review_in: int, behaviours: list[str], expectations: list[tuple]) -> Agreement:
    agreement = operations.start_draft(case, {
        "grounds": grounds, "agency_commitments": commitments, "contact_details": CONTACT,
        "review_date": clock.today() + timedelta(days=review_in)},
        [_adult(case, name) for name in parties], by=by)
    operations.add_behaviours(agreement, behaviours, [], by=by)
    for what, how, due_in, why in expectations:
        operations.add_expectation(agreement, {
            "text": what, "how_measured": how, "child_focus": why,
            "due_by": clock.today() + timedelta(days=due_in)}, by=by)
    return agreement


def _to_signed(agreement: Agreement, users: dict, variant: str, *, days_ago: int,
               manager: str = "manager") -> Agreement:
    """Submit, approve, issue and sign, then move it all ``days_ago`` days back."""
    author = agreement.created_by
    lifecycle.submit(agreement, by=author)
    lifecycle.approve(agreement, by=users[manager])
    lifecycle.issue(agreement, variant, by=author)
    names = " and ".join(p.full_name for p in agreement.parties)
    lifecycle.record_signature(agreement, clock.today(), names, "Hannah Vaughan, health visitor",
                               None, by=author)
    then = clock.now() - timedelta(days=days_ago)
    agreement.issued_at = then
    agreement.signature.signed_on = then.date()
    agreement.signature.recorded_at = then
    _backdate_events(agreement, then)
    return agreement


def _backdate_events(record: Any, moment: datetime) -> None:
    db.session.flush()
    db.session.execute(sa.update(CaseEvent).where(
        CaseEvent.source_type == record.__tablename__, CaseEvent.source_id == record.id)
        .values(occurred_at=moment, recorded_at=moment))


HARPER_GROUNDS = ("Ava and Leo have missed five health appointments since January. The house "
                  "has been dirty and cold on visits, and workers have not been allowed to see "
                  "the children's bedrooms. Ryan has set the dogs loose on workers and shouted "
                  "at them to leave.")


def _harper(case: Case, users: dict) -> None:
    author = users["practitioner"]
    first = _draft(case, author, ["Jade", "Ryan"], HARPER_GROUNDS,
                   "Priya will visit every two weeks and tell you the day before. Hannah, the "
                   "health visitor, will offer appointments at home.", 90,
                   ["animals-as-threat", "shouting"],
                   [("Keep the dogs shut in the back garden during every visit",
                     "Workers will see the dogs are outside when they arrive", 7,
                     "So Ava and Leo can be seen safely at home")])
    _to_signed(first, users, "en", days_ago=120)
    second = operations.start_new_version(first, by=author)
    operations.add_behaviours(second, ["intimidating-language"], [], by=author)
    operations.add_expectation(second, {
        "text": "Let workers see where Ava and Leo sleep on every visit",
        "how_measured": "Workers see both bedrooms", "child_focus": "To check the children "
        "have a warm, clean bed", "due_by": clock.today() + timedelta(days=14)}, by=author)
    _to_signed(second, users, "en", days_ago=45)
    dogs, shouting = second.behaviours[0], second.behaviours[1]
    bedrooms = second.expectations[1]
    _breach(second, dogs, 30, "Both dogs were loose in the hallway when the social worker "
            "arrived; Ryan refused to shut them away.", author, follow_up=True)
    _breach(second, shouting, 16, "Ryan shouted at the health visitor on the doorstep and "
            "told her to leave.", users["hv"], source=BreachSource.OBSERVED)
    _breach(second, bedrooms, 3, "Workers were not allowed upstairs to see the bedrooms.",
            author)


def _breach(agreement: Agreement, clause: Any, days_ago: int, what: str, by: Any, *,
            source: BreachSource = BreachSource.OBSERVED, follow_up: bool = False) -> Breach:
    day = clock.today() - timedelta(days=days_ago)
    breach = breaches.record_breach(agreement, clause, {
        "occurred_on": day, "what_happened": what, "source": source, "reported_by": ""},
        by=by)
    breach.recorded_at = datetime.combine(day, datetime.min.time()) + timedelta(hours=15)
    breach.follow_up_due = breaches.follow_up_due(day)
    _backdate_events(breach, breach.recorded_at)
    if breach.escalation is not None:
        breach.escalation.raised_at = breach.recorded_at
        _backdate_events(breach.escalation, breach.recorded_at)
    if follow_up:
        breaches.record_follow_up(breach, {
            "action_taken": "Discussed with Jade and Ryan at a planned office meeting; "
                            "reminded them of the agreement in writing.",
            "manager_advice_sought": True,
            "manager_advice": "Morgan advised joint visits only until the next review.",
            "legal_advice_sought": False, "legal_advice": "",
            "outcome": "Dogs shut away at the next two visits."}, by=by)
    return breach


def _okafor(case: Case, users: dict) -> None:
    author = users["practitioner"]
    signed = _draft(case, author, ["Grace"], "Daniel and Chioma's father, Emeka, has made "
                    "threats to take the children from school. Grace needs to keep to the "
                    "contact arrangements.", "Priya will visit Grace every two weeks and go "
                    "through any letters with her in person.", -14, ["threatening"],
                    [("Tell Priya the same day if Emeka comes to the house",
                      "Grace phones Priya", 7, "So the children stay safe at home")])
    _to_signed(signed, users, "easy_read_en", days_ago=100)
    _draft(case, author, ["Emeka"], "Emeka followed the social worker to her car and made "
           "veiled threats about 'people who take children'.",
           "Contact with the children will be supervised at the family centre.", 60,
           ["following-workers", "threatening"],
           [("Only see Daniel and Chioma at the family centre",
             "Family centre staff record each visit", 28, "So the children feel safe")])


def _pritchard(case: Case, users: dict) -> None:
    author = users["practitioner"]
    agreement = _draft(case, author, ["Rhian"], "Mae presenoldeb Dylan a Megan yn yr ysgol "
                       "wedi gostwng o dan 60%. Mae ymweliadau wedi'u canslo ar fyr rybudd.",
                       "Bydd Priya yn ymweld bob pythefnos ac yn cysylltu â'r ysgol bob wythnos.",
                       70, ["bombarding-contact"],
                       [("Mynd â Dylan a Megan i'r ysgol bob dydd",
                         "Bydd yr ysgol yn anfon y gofrestr bob wythnos", 28,
                         "Er mwyn i'r plant ddysgu a bod gyda'u ffrindiau")])
    lifecycle.submit(agreement, by=author)
    lifecycle.approve(agreement, by=users["manager"])
    lifecycle.issue(agreement, "cy", by=author)


def _nowak(case: Case, users: dict) -> None:
    author = users["practitioner"]
    agreement = _draft(case, author, ["Katarzyna", "Tomasz"],
                       "A neighbour has reported shouting and crying from the flat. Tomasz "
                       "will not let the social worker in and answers only to the health "
                       "visitor.", "An interpreter will come to every meeting.", 56,
                       ["shouting", "deliberate-silence"],
                       [("Let the social worker and health visitor visit together",
                         "A joint visit takes place", 14, "To plan safely for the baby's birth")])
    lifecycle.submit(agreement, by=author)


def _walsh(case: Case, users: dict) -> None:
    author = users["practitioner"]
    agreement = _draft(case, author, ["Connor", "Kelly"], "Mia told her teacher that her dad "
                       "hits her.", "Priya will see Mia at school every week.", 42,
                       ["recording-workers", "seeking-personal-information"],
                       [("Stop filming workers", "No filming on visits", 7, "")])
    lifecycle.submit(agreement, by=author)
    lifecycle.return_for_changes(agreement, "Please add what Kelly and Connor need to do to "
                                 "keep Mia safe, not only the behaviour towards workers.",
                                 by=users["manager"])


def _begum(case: Case, users: dict) -> None:
    author = users["practitioner"]
    agreement = _draft(case, author, ["Rafiq"], "Sara has not gained weight for two months "
                       "and Amina has not been allowed to attend the baby clinic.",
                       "Hannah will weigh Sara at home every week, with a female interpreter.",
                       42, ["intimidating-language"],
                       [("Let Amina take Sara to the baby clinic every week",
                         "The clinic records Sara's weight", 14, "So Sara grows well")])
    lifecycle.submit(agreement, by=author)
    lifecycle.approve(agreement, by=users["manager"])


def _reid(case: Case, users: dict) -> None:
    author = users["outsider"]
    agreement = _draft(case, author, ["Danielle"], "Danielle missed four appointments in a "
                       "row.", "Owen will visit every three weeks.", 30, ["swearing"],
                       [("Come to Tyler's review meetings", "Danielle attends", 21,
                         "So Tyler's needs are met at school")])
    _to_signed(agreement, users, "en", days_ago=200, manager="manager2")
    lifecycle.review(agreement, lifecycle.ReviewOutcome.END, "Danielle has kept to the "
                     "agreement for three months; the case is stepping down.", None, by=author)
