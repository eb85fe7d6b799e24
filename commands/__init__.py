"""Command-line commands that work on the database: `flask report …`, `flask users …`."""


def init_app(app) -> None:
    from .report import report_cli
    from .users import users_cli

    app.cli.add_command(report_cli)
    app.cli.add_command(users_cli)
