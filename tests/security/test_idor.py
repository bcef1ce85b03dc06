"""IDOR: a record's id swapped into another case's URL is answered 404, on every nested route.

Team South's case (tests/access/rules_security.py) gets the same kinds of record as the world's
case by running every domain's ``extend(world)`` again on a mirror of the world in which South
plays North's part. Then, for every route under ``/cases/<case_id>/…`` that takes another id,
each such id is swapped for South's record of the same kind while the case stays the world's
case — which the user may see — and the answer must be 404.

The contract for other domains: ``extend(world)`` creates its records under ``world.case`` with
``world.users`` (never fixed unique values such as a fixed email), so it also works for the
mirror, and puts each id in ``world.ids`` under the name its URL uses.
"""

from __future__ import annotations

import pkgutil
import re
from importlib import import_module

import pytest

import tests.access as access_package
from supervise import create_app
from supervise.extensions import db
from tests.access.registry import all_rules
from tests.access.rules_security import south_case
from tests.access.test_access import url_for_rule
from tests.factories import World

APP = create_app("test")
RULES = all_rules()
# Ids that name something outside any case: the mirror shares them with the world.
SHARED_IDS = {"user_id", "team_id", "agency_id", "notification_id", "user_session_id"}


def _id_names(path: str) -> list[str]:
    """The record ids in a route (``<int:…>``; string parts such as a kind are not records)."""
    return re.findall(r"<int:([^>]+)>", path)


def _nested_routes() -> list[tuple[str, str, str]]:
    routes = set()
    for rule in APP.url_map.iter_rules():
        names = _id_names(rule.rule)
        if names[:1] == ["case_id"] and len(names) > 1:
            for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}:
                routes.add((rule.endpoint, rule.rule, method))
    return sorted(routes)


NESTED = _nested_routes()


def _domain_extensions():
    """Every domain's ``extend`` except the one that builds South's case itself."""
    for info in pkgutil.iter_modules(access_package.__path__):
        if info.name.startswith("rules_") and info.name != "rules_security":
            extend = getattr(import_module(f"tests.access.{info.name}"), "extend", None)
            if extend is not None:
                yield info.name, extend


def build_mirror(world) -> World:
    """South's case with a record of every kind, made by every domain's own ``extend``."""
    other = south_case(world)
    users = world.users
    mirror = World(
        users={"practitioner": users["outsider"], "manager": users["manager2"],
               "hv": other.member_user, "outsider": users["practitioner"],
               "manager2": users["manager"], "admin": users["admin"]},
        teams={"north": world.teams["south"], "south": world.teams["north"],
               "hv": world.teams["hv"]},
        agencies=dict(world.agencies), case=other.case,
        ids={**{k: v for k, v in world.ids.items() if k in SHARED_IDS}, **other.ids})
    _run_extensions(mirror)
    return mirror


def _run_extensions(target: World) -> dict[str, str]:
    """Run every domain's ``extend`` on ``target``; one that cannot run twice (it makes
    something unique, such as the one active template of a kind) is rolled back and reported —
    which only matters if a nested route then lacks its id."""
    broken = {}
    for name, extend in _domain_extensions():
        savepoint = db.session.begin_nested()
        try:
            extend(target)
            savepoint.commit()
        except Exception as error:  # noqa: BLE001 - any failure: roll back, name the domain
            savepoint.rollback()
            broken[name] = repr(error)[:200]
    target.broken = broken
    return broken


def _request(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.open(url, method=method, data={})


@pytest.mark.parametrize(("endpoint", "path", "method"), NESTED,
                         ids=[f"{m} {p}" for _, p, m in NESTED])
def test_an_id_from_another_teams_case_is_not_found(endpoint, path, method, extended_world,
                                                    client, login_as):
    world = extended_world
    mirror = build_mirror(world)
    names = [name for name in _id_names(path) if name != "case_id"]
    missing = [name for name in names if name not in mirror.ids]
    assert not missing, (f"no record of South's case for {missing}: the extend(world) that "
                         f"creates them must also work for a second world (failed: "
                         f"{mirror.broken})")
    roles = sorted(RULES[endpoint].allowed - {"anonymous", "admin"})
    for role in roles:
        login_as(role)
        for name in names:
            if mirror.ids[name] == world.ids[name]:
                continue  # shared by both worlds (a user, a position in a list): not a record
            url = url_for_rule(path, {**world.ids, name: mirror.ids[name]})
            response = _request(client, method, url)
            assert response.status_code == 404, (
                f"{method} {url} as {role} (with South's {name}) got {response.status_code}")
        url = url_for_rule(path, {**world.ids, "case_id": mirror.ids["case_id"]})
        assert _request(client, method, url).status_code == 404, f"{method} {url} as {role}"


def test_the_mirror_world_is_another_teams_case_with_its_own_records(extended_world):
    from supervise.cases.access import can_view_case

    mirror = build_mirror(extended_world)
    world = extended_world
    assert mirror.case.id != world.case.id
    for role in ["practitioner", "hv", "manager"]:
        assert not can_view_case(world.users[role], mirror.case.id), role
    assert can_view_case(world.users["outsider"], mirror.case.id)
    for name in ["person_id", "address_id", "relationship_id", "member_id"]:
        assert mirror.ids[name] != world.ids[name]


def test_a_record_under_another_parent_in_the_same_case_is_not_found(extended_world, client,
                                                                    login_as, capsys):
    """Routes with two ids below the case (an agreement's breach, a visit's plan…): the child
    of another parent in the same case must 404 too. A second set of every domain's records is
    made in the world's own case, and the last id is swapped for its twin."""
    world = extended_world
    deep = [(e, p, m) for e, p, m in NESTED
            if len([n for n in _id_names(p) if n != "case_id"]) >= 2]
    if not deep:
        with capsys.disabled():
            print("\n  no route has two ids below the case yet: nothing to swap (vacuous pass)")
        return
    twin = World(users=world.users, teams=world.teams, agencies=world.agencies, case=world.case,
                 ids={k: v for k, v in world.ids.items()
                      if k in SHARED_IDS or k in south_case(world).ids})
    _run_extensions(twin)
    checked = 0
    for endpoint, path, method in deep:
        *parents, last = [n for n in _id_names(path) if n != "case_id"]
        if twin.ids.get(last) in (None, world.ids[last]) or twin.ids.get(parents[-1]) == \
                world.ids[parents[-1]]:
            continue  # the twin shares this parent: nothing to swap
        for role in sorted(RULES[endpoint].allowed - {"anonymous", "admin"})[:1]:
            login_as(role)
            url = url_for_rule(path, {**world.ids, last: twin.ids[last]})
            response = _request(client, method, url)
            assert response.status_code == 404, f"{method} {url} as {role}: {response.status_code}"
            checked += 1
    with capsys.disabled():
        print(f"\n  swapped the last id of {checked} of {len(deep)} deeply nested routes")
