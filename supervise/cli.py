"""Command-line tasks: ``flask create-user``, ``flask seed-demo``, ``flask seed-load``."""

from __future__ import annotations

import os

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import with_appcontext

from supervise.accounts import operations
from supervise.accounts.models import Agency, AgencyKind, Role, Team
from supervise.core.errors import DomainError
from supervise.extensions import db


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default="practitioner")
@click.option("--agency", "agency_name", required=True, help="Agency name (created if new).")
@click.option("--team", "team_name", default="", help="Team in that agency (created if new).")
@click.option("--job-title", default="")
@with_appcontext
def create_user_command(email: str, name: str, role: str, agency_name: str, team_name: str,
                        job_title: str) -> None:
    """Create an account. The password comes from SUPERVISE_NEW_USER_PASSWORD or a prompt."""
    password = os.environ.get("SUPERVISE_NEW_USER_PASSWORD") or click.prompt(
        "Password (12 characters or more)", hide_input=True, confirmation_prompt=True)
    agency = _agency(agency_name)
    team = _team(agency, team_name) if team_name else None
    values = {"email": email, "name": name, "role": Role(role), "job_title": job_title,
              "agency_id": agency.id, "team_id": team.id if team else None}
    try:
        user = operations.create_user(values, password, by=None)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from error
    if team is not None and user.role is Role.MANAGER:
        team.managers.append(user)
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} in {agency.name}")


def _agency(name: str) -> Agency:
    agency = db.session.scalar(sa.select(Agency).where(Agency.name == name))
    if agency is None:
        agency = operations.create_agency({"name": name, "kind": AgencyKind.OTHER}, by=None)
        click.echo(f"Created agency {name}")
    return agency


def _team(agency: Agency, name: str) -> Team:
    team = db.session.scalar(sa.select(Team).where(Team.agency_id == agency.id,
                                                   Team.name == name))
    if team is None:
        team = operations.create_team({"name": name, "agency_id": agency.id}, [], by=None)
        click.echo(f"Created team {name}")
    return team


@click.command("seed-demo")
@with_appcontext
def seed_demo_command() -> None:
    """Load the demo agencies, accounts and families (safe to run again)."""
    from supervise.demo import seed_demo

    report = seed_demo()
    db.session.commit()
    for line in report:
        click.echo(line)


@click.command("seed-load")
@click.option("--cases", type=click.IntRange(1, 1_000_000), default=1_000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed loads the same data.")
@with_appcontext
def seed_load_command(cases: int, seed: int) -> None:
    """Load a county-sized organisation and CASES families, for benchmarks (load.test
    accounts; the password comes from SUPERVISE_LOAD_PASSWORD or a prompt)."""
    from supervise.demo.load import already_loaded, seed_load

    if already_loaded():
        raise click.ClickException("Load data is already here: use a fresh database")
    password = os.environ.get("SUPERVISE_LOAD_PASSWORD") or click.prompt(
        "Password for every load.test account", hide_input=True)
    totals = seed_load(cases, password, seed, progress=click.echo, vacuum=True)
    click.echo(", ".join(f"{name.replace('_', ' ')}: {count:,}" for name, count in totals.items()))


def init_app(app: Flask) -> None:
    from supervise.maintenance import commands as maintenance

    app.cli.add_command(create_user_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(seed_load_command)
    maintenance.init_app(app)
