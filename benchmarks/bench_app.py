"""The application plus a bare route, for comparisons in the same gunicorn run."""

from app import create_app


def bench_app():
    app = create_app()

    @app.get("/_bench/bare")
    def bare():
        return "ok"

    return app
