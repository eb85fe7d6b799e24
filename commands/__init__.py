"""Command-line commands that work on the database: `flask report …`."""


def init_app(app) -> None:
    from .report import report_cli

    app.cli.add_command(report_cli)
