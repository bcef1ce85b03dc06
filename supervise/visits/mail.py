"""Sending email: through the SMTP server in the config, or printed (``MAIL_BACKEND=console``,
what development uses)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

import click
from flask import current_app


def send_mail(to: list[str], subject: str, body: str) -> None:
    """Send one message to ``to``; raises ``OSError``/``smtplib.SMTPException`` on failure."""
    config = current_app.config
    message = EmailMessage()
    message["From"] = config["MAIL_FROM"]
    message["To"] = ", ".join(to)
    message["Subject"] = subject
    message.set_content(body)
    if config["MAIL_BACKEND"] == "console":
        click.echo(f"--- email (MAIL_BACKEND=console) ---\n{message}")
        return
    with smtplib.SMTP(config["SMTP_HOST"], config["SMTP_PORT"],
                      timeout=config["SMTP_TIMEOUT"]) as smtp:
        if config["SMTP_STARTTLS"]:
            smtp.starttls()
        if config["SMTP_USERNAME"]:
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"])
        smtp.send_message(message)
