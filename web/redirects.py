"""Where to go after logging in: only a path on this site.

Browsers remove tabs, newlines and leading or trailing control characters and spaces from a URL
and read a backslash as a slash, so ``/\\t/evil.example`` and ``/\\\\evil.example`` both lead to
another host. The value is therefore cleaned first and the cleaned value, the one actually sent
in ``Location``, is checked."""

from __future__ import annotations

import unicodedata
from urllib.parse import urlsplit

MAX_LENGTH = 2000


def _cleaned(value: str) -> str:
    """Without control, format and whitespace characters (none belongs in a path we build)."""
    return "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch)[0] != "C")


def _on_site(path: str) -> bool:
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return False
    parts = urlsplit(path)
    return not parts.scheme and not parts.netloc


def safe_next(value: str | None) -> str | None:
    """The cleaned path if it stays on this site, otherwise None."""
    if not value or len(value) > MAX_LENGTH:
        return None
    path = _cleaned(value)
    # full-width solidus and similar compatibility forms must not turn into "//" or "\\" anywhere
    if not (_on_site(path) and _on_site(unicodedata.normalize("NFKC", path))):
        return None
    return path
