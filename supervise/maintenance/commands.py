"""``flask backup``, ``flask restore``, ``flask doctor`` and ``flask documents cleanup``."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from supervise.maintenance import documents
from supervise.maintenance.backup import BackupError, create_backup, restore_backup
from supervise.maintenance.doctor import run_checks


@click.command("backup")
@click.option("--to", "destination", type=click.Path(path_type=Path), default=None,
              help="Folder to write the backup into (default: instance/backups).")
@with_appcontext
def backup_command(destination: Path | None) -> None:
    """Back up the database and the document store (safe while the app runs)."""
    destination = destination or Path(current_app.instance_path) / "backups"
    try:
        folder = create_backup(destination)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {folder}")


@click.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(folder: Path, yes: bool) -> None:
    """Replace the database and documents with a backup's. Stop the app servers first."""
    if not yes:
        click.confirm(f"Replace ALL current data with the backup in {folder}?", abort=True)
    try:
        restore_backup(folder)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Restored from {folder}. Run `flask --app wsgi db upgrade`, then start the app.")


@click.command("doctor")
@with_appcontext
def doctor_command() -> None:
    """Check this deployment's configuration and say what is wrong."""
    findings = run_checks()
    for finding in findings:
        click.echo(finding.line())
    failed = [f for f in findings if not f.ok and f.serious]
    if failed:
        raise click.ClickException(f"{len(failed)} problem(s) to fix before going live")
    click.echo("No serious problems found.")


@click.group("documents")
def documents_group() -> None:
    """Look after the document store."""


@documents_group.command("cleanup")
@click.option("--dry-run", is_flag=True, help="Only list the files that would be deleted.")
@click.option("--min-age-minutes", type=click.IntRange(min=0), default=60, show_default=True,
              help="Leave files younger than this: their request may still be committing.")
@with_appcontext
def documents_cleanup_command(dry_run: bool, min_age_minutes: int) -> None:
    """Delete stored files that no record points to (left by a crash or a refused save)."""
    min_age = timedelta(minutes=min_age_minutes)
    found = (documents.find_orphans if dry_run else documents.remove_orphans)(min_age)
    for path in found.paths:
        click.echo(path)
    verb = "would be deleted" if dry_run else "deleted"
    click.echo(f"{len(found.paths)} orphaned file(s), {found.size} bytes, {verb}.")


def init_app(app: Flask) -> None:
    for command in (backup_command, restore_command, doctor_command, documents_group):
        app.cli.add_command(command)
