"""The overdue panel, today's visits and the manager's waiting list load in a constant number
of queries, however many visits there are."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime

import pytest
from sqlalchemy import event

from supervise.extensions import db as _db
from tests.visits import factories as vf

pytestmark = pytest.mark.usefixtures("clock_at")


@contextmanager
def counting():
    statements: list[str] = []

    def count(conn, cursor, statement, *args):  # noqa: ANN001
        statements.append(statement)

    engine = _db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _queries(client, url: str) -> int:
    _db.session.expunge_all()  # nothing cached from building the visits: a cold request
    with counting() as statements:
        assert client.get(url, headers={"HX-Request": "true"}).status_code == 200
    return len(statements)


@pytest.mark.parametrize("url", ["/visits/overdue", "/"])
def test_the_managers_overdue_panel_does_not_grow_with_the_number_of_visits(
        world, client, clock_at, url):
    from datetime import timedelta

    from tests.conftest import PASSWORD

    for n in range(8):
        vf.in_progress(world, back_in=timedelta(hours=1 if n < 2 else 3),
                       joint_visitor_id=world.users["hv"].id if n % 2 else None)
    email = world.users["manager"].email
    clock_at.move_to(datetime(2027, 3, 10, 9, 45))
    client.post("/login", data={"email": email, "password": PASSWORD})
    few = _queries(client, url)
    assert few and "Overdue 45 min" in client.get(url).text
    clock_at.move_to(datetime(2027, 3, 10, 11, 45))
    client.post("/logout")
    client.post("/login", data={"email": email, "password": PASSWORD})
    many = _queries(client, url)
    assert many == few, f"{few} queries for 2 overdue visits, {many} for 8"
