"""The hostile-input sweep: every form in the app, found from its routes, gets hostile values.

For each POST route the form is found on the pages the access matrix's users see (discovery.py);
every field then gets each kind of hostile value at once (CATEGORIES), and hypothesis sends
generated values into one field at a time. For every response: never a 500; a refusal shows
its errors next to their fields, keeps the other values typed, and saves nothing; whatever is
saved comes back escaped. Routes added by other domains are covered as soon as their access
rules and world records exist.
"""

from __future__ import annotations

import os

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supervise import create_app
from supervise.extensions import db
from tests.factories import PASSWORD
from tests.security.discovery import (
    endpoint_of,
    fetch_form,
    form_for,
    preparations,
    sign_in_as,
)
from tests.security.hostile import (
    CATEGORIES,
    JINJA_EVALUATED,
    hostile_text,
    normalised,
    unescaped_markers,
)
from tests.security.html_forms import Form, misplaced_errors, parse_page

APP = create_app("test")
PREPARATIONS = preparations()
POST_ENDPOINTS = sorted({r.endpoint for r in APP.url_map.iter_rules()
                         if "POST" in (r.methods or set())})
# POST routes that are not forms a person fills in, each with the reason. (None so far: every
# POST route in the app is a form or a button on some page.)
NOT_FORMS: dict[str, str] = {}
# Generated examples per form on top of the fixed categories; raise it to explore further.
EXAMPLES = int(os.environ.get("SWEEP_EXAMPLES", "5"))
# Tables that a refused request may legitimately write: the audit trail of failed sign-ins and
# the sessions' last-seen times.
UNWATCHED = {"audit_events", "user_sessions"}
OK_STATUSES = {200, 302, 303, 409, 422}


def snapshot() -> dict[str, list[str]]:
    """Every row of every watched table, to prove a refused request changed nothing."""
    rows = {}
    for table in db.metadata.sorted_tables:
        if table.name in UNWATCHED:
            continue
        result = db.session.execute(sa.select(table)).all()
        rows[table.name] = sorted(repr(tuple(row)) for row in result)
    return rows


class Sweep:
    """Posts values into one form and checks every answer."""

    def __init__(self, app, client, world, endpoint: str, host_url: str, form: Form,
                 refetch):
        self.app, self.client, self.world = app, client, world
        self.endpoint, self.host_url, self.form, self.refetch = endpoint, host_url, form, refetch
        self.base = self._base_values(form)
        self.gone = False

    @staticmethod
    def _base_values(form: Form) -> dict[str, list[str]]:
        """What the page offers, with empty boxes filled so kept values can be checked."""
        data = form.served_values()
        for name, control in form.fields.items():
            if control.kind == "password" and not control.value:
                data[name] = [PASSWORD]
            elif control.kind == "email" and not control.value:
                data[name] = ["kept@example.test"]
            elif control.is_text and not control.value and not control.looks_numeric:
                data[name] = [f"Kept value {name}"]
            elif control.kind in {"radio", "select"} and not control.chosen and control.options:
                data[name] = [control.options[0]]
        return data

    def targets(self) -> list[str]:
        form = self.form or self.refetch()
        return [name for name, control in form.fields.items()
                if name != "csrf_token" and control.kind not in {"submit", "button", "file"}]

    def post(self, values: dict[str, str]) -> None:
        if self.form is None:  # the last post succeeded: the page may have changed
            self.form = self.refetch()
            if self.form is None:
                self.gone = True  # e.g. the person is on the team now: nothing left to post
                return
            self.base = self._base_values(self.form)
        data = {**self.base, **{name: [value] for name, value in values.items()}}
        before = snapshot()
        response = self.client.post(self.form.action.removeprefix("http://localhost"),
                                    data=data)
        where = f"POST {self.endpoint} with {_show(values)}"
        status = response.status_code
        assert status < 500, f"{where}: server error {status}"
        # A tampered hidden id may simply not be found; anything a person types gets a message.
        tampered = any(self.form.fields[name].kind == "hidden" for name in values
                       if name in self.form.fields)
        assert status in OK_STATUSES or (status == 404 and tampered), f"{where}: {status}"
        if response.mimetype.startswith("text/"):
            self._check_escaped(response.text, where)
        if status >= 400:
            db.session.rollback()  # what the end of a real request does
            assert snapshot() == before, f"{where}: refused, but something was saved"
            if status != 404:
                self._check_refusal(response.text, values, where)
        elif response.status_code in {302, 303}:
            self._follow(response.headers["Location"], where)
            self.form = None

    def _check_escaped(self, html: str, where: str) -> None:
        found = unescaped_markers(html)
        assert not found, f"{where}: unescaped {found}"
        assert JINJA_EVALUATED not in html, f"{where}: a template expression was evaluated"

    def _check_refusal(self, html: str, values: dict[str, str], where: str) -> None:
        assert "govuk-error-summary" in html, f"{where}: refused without saying why"
        misplaced = misplaced_errors(html)
        assert not misplaced, f"{where}: errors not next to their fields: {misplaced}"
        forms, _links = parse_page(html, "http://localhost" + self.host_url)
        again = form_for(self.app, forms, self.endpoint)
        assert again is not None, f"{where}: the refused form was not shown again"
        for name, sent in self.base.items():
            control = again.fields.get(name)
            if name in values or control is None or not control.is_text:
                continue
            if control.kind == "password" or not any(sent):
                continue
            shown = control.values if control.is_multipart else [control.value]
            expected = [normalised(value) for value in sent]
            assert shown == expected, f"{where}: {name!r} was {sent!r}, the form shows {shown!r}"

    def _follow(self, location: str, where: str) -> None:
        if not location.startswith("/"):
            return
        page = self.client.get(location)
        assert page.status_code < 500, f"{where}: {location} then failed"
        if page.status_code == 200 and page.mimetype.startswith("text/"):
            self._check_escaped(page.text, f"{where} then GET {location}")


def _show(values: dict[str, str]) -> str:
    return ", ".join(f"{name}={value[:60]!r}{'…' if len(value) > 60 else ''}"
                     for name, value in values.items())


def _reach(endpoint: str, app, client, world, login_as, hosts):
    """Sign in as the right person and load the page with the form; returns a refetcher."""
    if endpoint in PREPARATIONS:
        url = PREPARATIONS[endpoint](world, client, login_as)

        def refetch():
            forms, _ = parse_page(client.get(url).text, "http://localhost" + url)
            return form_for(app, forms, endpoint)

        return url, refetch
    host = hosts.get((endpoint, "POST"))
    assert host is not None, (
        f"No page shows a form that posts to {endpoint} for any user of the access matrix's "
        f"world. If it only shows in a particular state, add to SWEEP_PREPARATIONS in your "
        f"tests/access/rules_<domain>.py a function (world, client, login_as) -> url that "
        f"puts a record in that state and signs in as someone who sees the form (see "
        f"rules_security.py); if it is not a form, add it to NOT_FORMS in {__name__} with "
        f"the reason.")
    sign_in_as(host.role, client, login_as)
    form, url = fetch_form(app, client, world, host, endpoint)

    def refetch():
        return fetch_form(app, client, world, host, endpoint)[0]

    return url, refetch, form


@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
# A failing example may hold a 100 kB value: hypothesis warns while printing it.
@pytest.mark.filterwarnings("ignore:Generating overly large repr")
def test_every_form_survives_hostile_input(endpoint, app, client, extended_world, form_hosts,
                                           login_as, no_rate_limits):
    if endpoint in NOT_FORMS:
        pytest.skip(f"{endpoint} is not a form: {NOT_FORMS[endpoint]}")
    reached = _reach(endpoint, app, client, extended_world, login_as, form_hosts)
    url, refetch = reached[0], reached[1]
    form = reached[2] if len(reached) == 3 else refetch()
    assert form is not None, f"the page for {endpoint} does not show its form"
    sweep = Sweep(app, client, extended_world, endpoint, url, form, refetch)
    targets = sweep.targets()
    if not targets:
        sweep.post({})  # a button: nothing to fill in, but it must still answer properly
        return
    for value in CATEGORIES.values():
        sweep.post({name: value for name in targets})

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(name=st.sampled_from(targets), value=hostile_text())
    def one_field(name: str, value: str) -> None:
        sweep.post({name: value})

    one_field()


def test_search_forms_survive_hostile_input(app, client, extended_world, form_hosts, login_as):
    """GET forms (searches): no 500, nothing unescaped, whatever is typed."""
    gets = sorted(key for key in form_hosts if key[1] == "GET")
    assert gets, "no GET forms found: the discovery is broken"
    for endpoint, _method in gets:
        host = form_hosts[(endpoint, "GET")]
        sign_in_as(host.role, client, login_as)
        form, _url = fetch_form(app, client, extended_world, host, endpoint, method="GET")
        names = [n for n, c in form.fields.items() if c.kind not in {"submit", "button"}]
        for value in CATEGORIES.values():
            response = client.get(form.action.removeprefix("http://localhost"),
                                  query_string={name: value[:5000] for name in names})
            assert response.status_code in {200, 422}, f"GET {endpoint}: {response.status_code}"
            assert not unescaped_markers(response.text), f"GET {endpoint} with {value[:40]!r}"


def test_discovery_finds_the_forms_of_the_foundation(form_hosts):
    """The crawl itself works: a known form, a button and a link-only form are all found."""
    for endpoint in ["cases.edit", "cases.person_edit", "auth.logout", "cases.team_add",
                     "notifications.open", "core.language"]:
        assert (endpoint, "POST") in form_hosts, endpoint
    assert endpoint_of(APP, "http://localhost/cases/1/edit", "POST") == "cases.edit"
