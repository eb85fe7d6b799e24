"""SQLite storage through sqlite-utils: connection handling, migrations and the repository
functions the views call (views never write SQL themselves)."""

from .db import close_db, connect, get_db, immediate, init_app

__all__ = ["close_db", "connect", "get_db", "immediate", "init_app"]
