"""`flask users create|list|disable|enable|set-password`."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from storage import get_db
from storage import users as user_store

users_cli = AppGroup("users", help="Advisor and coordinator accounts.")
MIN_PASSWORD = 12


def _password(value: str | None) -> str:
    password = value or click.prompt("Password", hide_input=True, confirmation_prompt=True)
    if len(password) < MIN_PASSWORD:
        raise click.BadParameter(f"at least {MIN_PASSWORD} characters", param_hint="password")
    return password


def _existing(email: str):
    user = user_store.by_email(get_db(), email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    return user


@users_cli.command("create")
@click.argument("email")
@click.option("--name", required=True)
@click.option("--role", type=click.Choice(["advisor", "coordinator"]), default="advisor", show_default=True)
@click.option("--organisation", help="organisation id (projectdata/organisations.toml); required for advisors")
@click.option("--password", help="at least 12 characters (asked for when not given)")
def create_command(email, name, role, organisation, password):
    project = current_app.extensions["projectdata"]
    if role == "advisor" and project.organisation(organisation) is None:
        raise click.BadParameter(f"one of {', '.join(o.id for o in project.organisations)}",
                                 param_hint="--organisation")
    if user_store.by_email(get_db(), email):
        raise click.ClickException(f"user {email} exists already")
    user = user_store.create(get_db(), email, name, role, organisation, _password(password))
    click.echo(f"Created {user.role} {user.email}")


@users_cli.command("list")
def list_command():
    for user in user_store.all_users(get_db()):
        state = "active" if user.active else "disabled"
        click.echo(f"{user.email}\t{user.name}\t{user.role}\t{user.organisation or '-'}\t{state}")


@users_cli.command("disable")
@click.argument("email")
def disable_command(email):
    user_store.set_active(get_db(), _existing(email).id, False)
    click.echo(f"Disabled {email}; all of its sessions have ended")


@users_cli.command("enable")
@click.argument("email")
def enable_command(email):
    user_store.set_active(get_db(), _existing(email).id, True)
    click.echo(f"Enabled {email}")


@users_cli.command("set-password")
@click.argument("email")
@click.option("--password")
def set_password_command(email, password):
    user_store.set_password(get_db(), _existing(email).id, _password(password))
    click.echo(f"Password changed for {email}; its other sessions have ended")
