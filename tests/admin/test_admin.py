"""Administration: agencies, teams with their line managers, and accounts — never case content."""

from __future__ import annotations

import sqlalchemy as sa
from click.testing import CliRunner

from supervise.accounts.models import Agency, Role, Team, User
from supervise.audit.models import AuditEvent
from supervise.extensions import db

NEW_PASSWORD = "a long enough first password"


def _user(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_administrator_creates_an_account_that_can_sign_in(world, login_as, client):
    login_as("admin")
    north = world.teams["north"]
    response = client.post("/admin/users/new", data={
        "name": "Nia Newcomer", "email": "Nia@Example.test", "job_title": "Social worker",
        "role": "practitioner", "agency_id": str(north.agency_id), "team_id": str(north.id),
        "password": NEW_PASSWORD})
    assert response.status_code == 302
    user = _user("nia@example.test")
    assert user is not None and user.team_id == north.id and user.role is Role.PRACTITIONER
    assert user.password_hash.startswith("$argon2id$")
    client.post("/logout")
    assert client.post("/login", data={"email": "nia@example.test",
                                       "password": NEW_PASSWORD}).status_code == 302


def test_a_short_first_password_is_refused_and_the_form_keeps_what_was_typed(world, login_as,
                                                                            client):
    login_as("admin")
    response = client.post("/admin/users/new", data={
        "name": "Nia Newcomer", "email": "nia@example.test", "role": "practitioner",
        "agency_id": str(world.agencies["childrens"].id), "team_id": "", "password": "short"})
    assert response.status_code == 422
    assert "Password must be 12 characters or more" in response.text
    assert 'value="Nia Newcomer"' in response.text
    assert _user("nia@example.test") is None


def test_a_team_in_another_agency_is_refused(world, login_as, client):
    login_as("admin")
    response = client.post("/admin/users/new", data={
        "name": "Nia Newcomer", "email": "nia@example.test", "role": "practitioner",
        "agency_id": str(world.agencies["health"].id), "team_id": str(world.teams["north"].id),
        "password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "Choose a team in the user&#39;s agency" in response.text
    assert _user("nia@example.test") is None


def test_team_line_managers_must_be_managers_of_that_agency(world, login_as, client):
    login_as("admin")
    hv_team = world.teams["hv"]
    response = client.post(f"/admin/teams/{hv_team.id}/edit", data={
        "name": hv_team.name, "agency_id": str(hv_team.agency_id),
        "managers": [str(world.users["manager"].id)]})
    assert response.status_code == 422
    assert "is not a line manager in this agency" in response.text
    assert world.users["manager"] not in db.session.get(Team, hv_team.id).managers


def test_administrator_adds_an_agency_and_a_team_with_its_manager(world, login_as, client):
    login_as("admin")
    assert client.post("/admin/agencies/new", data={"name": "Northshire Police",
                                                     "kind": "police"}).status_code == 302
    police = db.session.scalar(sa.select(Agency).where(Agency.name == "Northshire Police"))
    childrens = world.agencies["childrens"]
    response = client.post("/admin/teams/new", data={
        "name": "West", "agency_id": str(childrens.id),
        "managers": [str(world.users["manager2"].id)]})
    assert response.status_code == 302
    west = db.session.scalar(sa.select(Team).where(Team.name == "West"))
    assert police is not None and [m.id for m in west.managers] == [world.users["manager2"].id]


def test_a_duplicate_agency_name_is_refused(world, login_as, client):
    login_as("admin")
    response = client.post("/admin/agencies/new", data={
        "name": world.agencies["childrens"].name.upper(), "kind": "other"})
    assert response.status_code == 422
    assert "already exists" in response.text


def test_changing_a_role_ends_that_users_sessions(world, login_as, client, app):
    other = app.test_client()
    outsider = world.users["outsider"]
    assert other.post("/login", data={"email": outsider.email,
                                      "password": "correct horse battery staple"}
                      ).status_code == 302
    login_as("admin")
    response = client.post(f"/admin/users/{outsider.id}/edit", data={
        "name": outsider.name, "email": outsider.email, "job_title": "Team manager",
        "role": "manager", "agency_id": str(outsider.agency_id),
        "team_id": str(outsider.team_id)})
    assert response.status_code == 302
    assert other.get("/cases").status_code == 302  # sent to sign in again


def test_administrator_pages_show_no_case_content(world, login_as, client):
    login_as("admin")
    for url in ["/admin", "/admin/users", "/admin/teams", "/admin/agencies"]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Zebedee" not in response.text and "Zara" not in response.text
    assert client.get(f"/cases/{world.case.id}").status_code == 404


def test_admin_changes_are_audited(world, login_as, client):
    login_as("admin")
    client.post("/admin/agencies/new", data={"name": "Audited Agency", "kind": "other"})
    agency = db.session.scalar(sa.select(Agency).where(Agency.name == "Audited Agency"))
    event = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.object_type == "agencies", AuditEvent.object_id == agency.id))
    assert event.action == "create" and event.user_id == world.users["admin"].id


def test_flask_create_user_makes_an_account(app, db, monkeypatch):
    monkeypatch.setenv("SUPERVISE_NEW_USER_PASSWORD", NEW_PASSWORD)
    runner = CliRunner()
    from supervise.cli import create_user_command

    with app.app_context():
        result = runner.invoke(create_user_command, [
            "--email", "cli@example.test", "--name", "Cli User", "--role", "manager",
            "--agency", "CLI Agency", "--team", "CLI Team"], obj=None,
            catch_exceptions=False, standalone_mode=False)
    assert result.exit_code == 0, result.output
    user = _user("cli@example.test")
    assert user.role is Role.MANAGER and user.team.name == "CLI Team"
    assert user in user.team.managers


def test_flask_create_user_refuses_a_short_password(app, db, monkeypatch):
    monkeypatch.setenv("SUPERVISE_NEW_USER_PASSWORD", "short")
    from supervise.cli import create_user_command

    with app.app_context():
        result = CliRunner().invoke(create_user_command, [
            "--email", "cli2@example.test", "--name", "Cli Two", "--agency", "CLI Agency"])
    assert result.exit_code != 0
    assert "12 characters" in result.output
    assert _user("cli2@example.test") is None
