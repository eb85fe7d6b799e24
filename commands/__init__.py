"""Command-line commands that work on the database: `flask report …`, `flask export`, `flask users …`,
`flask website-check`, `flask training …`."""

from .export import aggregate_command, export_command
from .funder import indicators_command
from .operations import backup_command, company_cli, restore_command, retention_command
from .report import report_cli
from .users import users_cli
from trainings.cli import training_cli
from websitecheck.cli import website_check_command


def init_app(app) -> None:
    report_cli.add_command(aggregate_command)
    report_cli.add_command(indicators_command)
    app.cli.add_command(export_command)
    for command in (backup_command, restore_command, company_cli, retention_command):
        app.cli.add_command(command)
    app.cli.add_command(report_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(website_check_command)
    app.cli.add_command(training_cli)
