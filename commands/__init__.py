"""Command-line commands that work on the database: `flask report …`, `flask export`, `flask users …`."""


def init_app(app) -> None:
    from .export import aggregate_command, export_command
    from .report import report_cli
    from .users import users_cli

    report_cli.add_command(aggregate_command)
    app.cli.add_command(export_command)
    app.cli.add_command(report_cli)
    app.cli.add_command(users_cli)
