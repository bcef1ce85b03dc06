"""Supervision through the client: scheduling, the prompt pages with and without htmx, sharing,
signing, the printable record, and the dashboard panels."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from supervise import clock
from supervise.audit.models import AuditEvent
from supervise.supervision import queries, record, scheduling
from supervise.supervision.library import library
from supervise.supervision.models import SessionStatus, SupervisionSession
from tests.supervision.factories import answer, held_session, make_session

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


def _fields(prompt_id: str, version: str = "", **values: str) -> dict[str, str]:
    return {f"p-{prompt_id}-{name}": value for name, value in
            {"version": version, **values}.items()}


def _section_form(section: str, scope: str, **answers: dict[str, str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for prompt in library().prompts_in(section, scope):
        data.update(_fields(prompt.id, **answers.get(prompt.id, {})))
    return data


def _url(session, *parts) -> str:
    return "/".join([f"/supervision/sessions/{session.id}", *map(str, parts)]).rstrip("/")


# --- Scheduling ---------------------------------------------------------------------------------


def test_a_manager_books_a_session_for_someone_they_manage(world, client, login_as, db):
    login_as("manager")
    day = clock.today() + timedelta(days=3)
    user_id = world.users["practitioner"].id
    bad = client.post(f"/supervision/practitioners/{user_id}/schedule", data={
        "day": [day.day, day.month, day.year], "time": "25:99"})
    assert bad.status_code == 422 and "Enter the time like 09:30" in bad.text
    response = client.post(f"/supervision/practitioners/{user_id}/schedule", data={
        "day": [day.day, day.month, day.year], "time": "9.30"})
    assert response.status_code == 302
    session = db.session.scalar(sa.select(SupervisionSession))
    assert clock.to_uk(session.scheduled_for).strftime("%H:%M") == "09:30"
    assert response.headers["Location"].endswith(f"/supervision/sessions/{session.id}")


def test_a_manager_sets_the_cadence(world, client, login_as):
    login_as("manager")
    url = f"/supervision/practitioners/{world.users['practitioner'].id}/cadence"
    form = client.get(url).text
    assert 'value="4"' in form
    today = clock.today()
    assert client.post(url, data={"every_weeks": "0", "starts_on": [
        today.day, today.month, today.year]}).status_code == 422
    assert client.post(url, data={"every_weeks": "3", "starts_on": [
        today.day, today.month, today.year]}).status_code == 302
    assert queries.cadence_for(world.users["practitioner"].id).every_weeks == 3


def test_cancelling_asks_for_a_reason_and_flags_the_session_to_the_manager(world, client,
                                                                            login_as):
    session = make_session(world.users["practitioner"], world.users["manager"])
    login_as("practitioner")
    assert client.post(_url(session, "cancel"), data={"reason": ""}).status_code == 422
    assert client.post(_url(session, "cancel"), data={"reason": "Off sick"}).status_code == 302
    login_as("manager")
    page = client.get(_url(session)).text
    assert "Not re-arranged yet" in page and "Book a new date" in page
    overview = client.get("/supervision").text
    assert "not re-arranged" in overview


# --- The prompts, without JavaScript ------------------------------------------------------------


def test_a_whole_section_saves_without_javascript_and_moves_on(world, client, login_as):
    session = held_session(world)
    login_as("practitioner")
    url = _url(session, "cases", world.case.id, "sections", "colluding")
    data = _section_form("colluding", "case", **{
        "colluding-relieved-no-answer": {"answer": "yes", "notes": "Often"},
        "colluding-message-to-family": {"notes": "That it is fine"}})
    response = client.post(url, data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sections/child")
    saved = queries.answers_for(session)
    assert saved[(world.case.id, "colluding-relieved-no-answer")].notes == "Often"
    assert saved[(world.case.id, "colluding-message-to-family")].notes == "That it is fine"
    assert len(saved) == 2  # blank prompts are not stored


def test_an_invalid_section_comes_back_with_what_was_typed(world, client, login_as):
    session = held_session(world)
    login_as("practitioner")
    url = _url(session, "cases", world.case.id, "sections", "colluding")
    data = _section_form("colluding", "case", **{
        "colluding-relieved-no-answer": {"answer": "sometimes"},
        "colluding-message-to-family": {"notes": "Kept text"}})
    response = client.post(url, data=data)
    assert response.status_code == 422
    assert "There is a problem" in response.text and "Kept text</textarea>" in response.text
    assert queries.answers_for(session) == {}


def test_a_section_saved_over_someone_elses_newer_answer_is_refused(world, client, login_as):
    session = held_session(world)
    answer(session, "child-door-closed", world.users["manager"], case=world.case,
           notes="Manager's view")
    login_as("practitioner")
    url = _url(session, "cases", world.case.id, "sections", "child")
    data = _section_form("child", "case", **{"child-door-closed": {"notes": "Mine"}})
    response = client.post(url, data=data)
    assert response.status_code == 409
    assert "someone else saved a different answer" in response.text
    assert "Mine</textarea>" in response.text
    assert queries.answers_for(session)[(world.case.id, "child-door-closed")].notes == \
        "Manager's view"
    version = re.search(r'name="p-child-door-closed-version" type="hidden" value="(\d+)"',
                        response.text).group(1)
    data["p-child-door-closed-version"] = version
    assert client.post(url, data=data).status_code == 302  # saving again is deliberate


# --- The prompts, saved as you type with htmx ---------------------------------------------------


def test_an_answer_saves_as_it_is_given_and_returns_the_new_version(world, client, login_as):
    session = held_session(world)
    login_as("practitioner")
    url = _url(session, "answers", "impact-overall")
    response = client.post(url, data=_fields("impact-overall", answer="4"), headers=HTMX)
    assert response.status_code == 200
    assert "Saved at" in response.text and "<html" not in response.text
    assert re.search(r'hx-swap-oob="true"[^>]*value="1"|value="1"[^>]*hx-swap-oob', response.text)
    again = client.post(url, data=_fields("impact-overall", version="1", answer="5"),
                        headers=HTMX)
    assert 'value="2"' in again.text
    assert queries.answers_for(session)[(None, "impact-overall")].answer == "5"


def test_an_answer_saved_as_you_type_is_refused_in_words_when_invalid_or_stale(world, client,
                                                                               login_as):
    session = held_session(world)
    login_as("practitioner")
    url = _url(session, "cases", world.case.id, "answers", "child-door-closed")
    invalid = client.post(url, data=_fields("child-door-closed", notes="x" * 5001),
                          headers=HTMX)
    assert invalid.status_code == 422 and "Not saved" in invalid.text
    answer(session, "child-door-closed", world.users["manager"], case=world.case, notes="Hers")
    stale = client.post(url, data=_fields("child-door-closed", notes="Mine"), headers=HTMX)
    assert stale.status_code == 409 and "Reload the page" in stale.text


def test_a_prompt_of_the_other_scope_is_not_found(world, client, login_as):
    session = held_session(world)
    login_as("practitioner")
    assert client.post(_url(session, "answers", "child-door-closed"), headers=HTMX,
                       data={}).status_code == 404
    assert client.get(_url(session, "sections", "sharing")).status_code == 404
    assert client.get(_url(session, "cases", world.case.id, "sections", "nonsense")
                      ).status_code == 404


def test_case_notes_save_as_they_are_typed_and_without_javascript(world, client, login_as):
    session = held_session(world)
    login_as("manager")
    url = _url(session, "cases", world.case.id, "notes")
    quick = client.post(url, data={"case-notes": "Typed", "case-risk_steps": "",
                                   "case-version": "1"}, headers=HTMX)
    assert quick.status_code == 200 and "Saved at" in quick.text
    full = client.post(url, data={"case-notes": "Typed more", "case-risk_steps": "Joint only",
                                  "case-version": "2"})
    assert full.status_code == 302
    entry = session.case_entry(world.case.id)
    assert (entry.notes, entry.risk_steps) == ("Typed more", "Joint only")
    login_as("practitioner")  # who opened the page before the manager's saves
    stale = client.post(url, data={"case-notes": "Old tab", "case-version": "1"})
    assert stale.status_code == 409 and "Old tab</textarea>" in stale.text


# --- Sharing, deciding, signing -----------------------------------------------------------------


def test_a_yes_is_shared_through_the_share_page(world, client, login_as):
    session = held_session(world)
    answer(session, "sharing-intimidated", world.users["practitioner"], case=world.case,
           value="yes", notes="Since the dogs")
    login_as("practitioner")
    url = _url(session, "cases", world.case.id, "share")
    page = client.get(url).text
    assert "Are you intimidated by, or afraid of, the adult? Since the dogs" in page
    assert "Hana Visitor" in page and "Test Health Visiting" in page
    assert client.post(url, data={"message": "Please take care"}).status_code == 422
    done = client.post(url, data={"recipients": [str(world.users["hv"].id)],
                                  "message": "Please take care"})
    assert done.status_code == 302
    assert queries.unresolved_sharing(session) == []
    login_as("hv")
    notes = client.get("/notifications").text
    assert "shared concerns about the Zebedee family" in notes


def test_a_reason_for_not_sharing_is_recorded_through_the_share_page(world, client, login_as):
    session = held_session(world)
    given = answer(session, "sharing-hostile-experience", world.users["practitioner"],
                   case=world.case, value="yes")
    login_as("manager")
    url = _url(session, "cases", world.case.id, "answers", "sharing-hostile-experience",
               "not-shared")
    assert client.post(url, data={f"reason-{given.id}-reason": ""}).status_code == 422
    assert client.post(url, data={f"reason-{given.id}-reason": "Police already told"}
                       ).status_code == 302
    assert given.not_shared_reason == "Police already told"


def test_signing_with_an_unshared_yes_is_refused_with_the_reason(world, client, login_as):
    session = held_session(world)
    answer(session, "sharing-intimidated", world.users["practitioner"], case=world.case,
           value="yes")
    login_as("practitioner")
    refused = client.post(_url(session, "sign"), follow_redirects=True)
    assert "share each “yes”" in refused.text
    assert session.practitioner_signed_at is None


def test_both_sign_then_the_record_takes_addenda(world, client, login_as):
    session = held_session(world)
    login_as("practitioner")
    assert client.post(_url(session, "sign")).status_code == 302
    login_as("manager")
    client.post(_url(session, "sign"))
    assert session.status is SessionStatus.SIGNED
    assert client.post(_url(session, "addenda"), data={"text": ""}).status_code == 422
    client.post(_url(session, "addenda"), data={"text": "Police called back"})
    page = client.get(_url(session)).text
    assert "Police called back" in page and "Signed by both" in page
    assert 'name="session-notes"' not in page  # read-only now


def test_a_manager_records_a_decision_from_the_case_page(world, client, login_as):
    session = held_session(world)
    login_as("manager")
    url = _url(session, "cases", world.case.id, "decisions")
    assert client.post(url, data={"text": ""}).status_code == 422
    assert client.post(url, data={"text": "Escalate to legal planning"}).status_code == 302
    assert "Escalate to legal planning" in client.get(f"/cases/{world.case.id}").text


def test_actions_are_agreed_and_marked_done_through_the_actions_page(world, client, login_as):
    session = held_session(world)
    login_as("manager")
    due = clock.today() + timedelta(days=5)
    url = _url(session, "actions")
    response = client.post(url, data={
        "description": "Arrange a joint visit", "owner_id": str(world.users["practitioner"].id),
        "due_on": [due.day, due.month, due.year], "case_id": str(world.case.id)})
    assert response.status_code == 302
    action = queries.actions_agreed(session)[0]
    assert action.case_id == world.case.id
    login_as("practitioner")
    assert "Arrange a joint visit" in client.get("/").text  # actions due, on the dashboard
    client.post(f"/supervision/actions/{action.id}/done", data={"note": "Booked"})
    assert not action.is_open and action.completion_note == "Booked"


def test_the_printable_record_has_everything_and_a_print_line(world, client, login_as):
    session = held_session(world)
    answer(session, "colluding-relieved-no-answer", world.users["practitioner"],
           case=world.case, value="yes", notes="Twice")
    record.record_decision(session, world.case, "Joint visits", by=world.users["manager"])
    login_as("manager")
    page = client.get(_url(session, "record")).text
    for text in ("Am I relieved when there is no answer at the door?", "Twice",
                 "Joint visits", "app-print-only", library().version):
        assert text in page


# --- Preparation, the action plan link, the dashboard, the audit ---------------------------------


def test_preparation_suggests_the_cases_with_alerts_or_new_threats(world, client, login_as, db):
    from supervise.alerts.models import AlertLevel, RiskAlert
    from supervise.events.operations import record_event

    db.session.add(RiskAlert(case_id=world.case.id, level=AlertLevel.HIGH, reason="Dogs",
                             raised_by_id=world.users["practitioner"].id,
                             review_date=clock.today() + timedelta(days=30)))
    record_event(world.case, "incident", "Threatened with a dog", by=world.users["practitioner"])
    session = make_session(world.users["practitioner"], world.users["manager"])
    login_as("practitioner")
    page = client.get(_url(session, "prepare")).text
    assert "Threatened with a dog" in page
    assert re.search(rf'value="{world.case.id}"\s+checked', page)
    client.post(_url(session, "prepare"), data={"case_ids": [str(world.case.id)]})
    case_page = client.get(_url(session, "cases", world.case.id)).text
    assert "Threatened with a dog" in case_page and "High risk" in case_page


def test_a_risk_to_a_worker_leads_straight_into_drafting_the_action_plan(world, client,
                                                                       login_as):
    session = held_session(world)
    answer(session, "planning-risk-to-worker", world.users["practitioner"], case=world.case,
           value="yes")
    login_as("manager")
    page = client.get(_url(session, "cases", world.case.id)).text
    assert "A risk to workers was identified" in page
    assert "Agreed risk-management steps" in page
    assert f'href="/cases/{world.case.id}/plans/new"' in page
    assert "Draft the action plan for this case" in page
    login_as("practitioner")
    assert client.get(f"/cases/{world.case.id}/plans/new").status_code == 200


def test_the_dashboard_shows_the_next_supervision_and_the_teams_flags(world, client, login_as):
    practitioner, manager = world.users["practitioner"], world.users["manager"]
    scheduling.set_cadence(practitioner, 4, clock.today() - timedelta(weeks=8), by=manager)
    cancelled = make_session(practitioner, manager)
    scheduling.cancel_session(cancelled, "Sick", by=manager)
    make_session(practitioner, manager, when=clock.now() + timedelta(days=2))
    login_as("practitioner")
    mine = client.get("/").text
    assert "Your supervision" in mine and "Prepare for it" in mine
    assert "Overdue since" in mine
    login_as("manager")
    team = client.get("/").text
    assert "Supervision of your team" in team and "Pat Practitioner" in team


def test_viewing_a_session_is_audited(world, client, login_as, db):
    session = held_session(world)
    login_as("manager")
    client.get(_url(session))
    client.get(_url(session, "cases", world.case.id))
    views = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "view")
                               .order_by(AuditEvent.id)).all()
    assert [(v.object_type, v.case_id) for v in views][-2:] == [
        ("supervision_sessions", None), ("supervision_cases", world.case.id)]


def test_a_signed_record_shows_the_threats_brought_to_it_not_later_ones(world, client,
                                                                        login_as):
    import time_machine

    from supervise.events.operations import record_event

    with time_machine.travel(clock.now().replace(microsecond=0), tick=False) as traveller:
        record_event(world.case, "incident", "Before the session", by=world.users["hv"],
                     occurred_at=clock.now() - timedelta(days=1))
        session = held_session(world)
        record.sign(session, by=world.users["practitioner"])
        record.sign(session, by=world.users["manager"])
        traveller.shift(timedelta(days=2))
        record_event(world.case, "incident", "After the session", by=world.users["hv"])
    login_as("manager")
    for page in (client.get(_url(session, "record")).text,
                 client.get(_url(session, "cases", world.case.id)).text):
        assert "Before the session" in page and "After the session" not in page


def test_saving_a_section_leaves_alone_a_prompt_someone_else_answered_meanwhile(world, client,
                                                                                 login_as):
    session = held_session(world)
    login_as("practitioner")
    url = _url(session, "cases", world.case.id, "sections", "child")
    loaded = _section_form("child", "case", **{"child-blaming-self": {"answer": "yes"}})
    answer(session, "child-door-closed", world.users["manager"], case=world.case,
           notes="The manager's answer")  # while the practitioner had the page open
    assert client.post(url, data=loaded).status_code == 302
    saved = queries.answers_for(session)
    assert saved[(world.case.id, "child-door-closed")].notes == "The manager's answer"
    assert saved[(world.case.id, "child-blaming-self")].answer == "yes"
