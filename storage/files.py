"""Files that may hold personal data (exports, reports, backups) are created readable by their
owner only (0600; new directories 0700), whatever the process's umask."""

from __future__ import annotations

import os
from pathlib import Path

from .db import DIR_MODE, FILE_MODE


def open_private(path: str | Path, mode: str = "wb"):
    """``open(path, mode)`` for writing, the file created (or truncated) with mode 0600."""
    path = Path(path)
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=DIR_MODE)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.fchmod(fd, FILE_MODE)  # an existing file keeps its mode otherwise
    return os.fdopen(fd, mode)


def write_private(path: str | Path, data: bytes) -> None:
    with open_private(path) as handle:
        handle.write(data)


def restrict(path: str | Path) -> int | None:
    """Make an existing file the owner's only (a database created by an older release was 0644).
    Returns the mode it had when it changed, else None."""
    path = Path(path)
    if not path.is_file():
        return None
    mode = path.stat().st_mode & 0o777
    if not mode & 0o077:
        return None
    os.chmod(path, FILE_MODE)
    return mode
