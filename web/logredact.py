"""Keep private links out of access logs: resume tokens (/a/...) and follow-up invitation
tokens (/seuranta/...) each open a company's answers."""

from __future__ import annotations

import logging
import re

TOKEN_IN_PATH = re.compile(r"/(a|seuranta)/[A-Za-z0-9_-]{8,}")


def redact(text: str) -> str:
    return TOKEN_IN_PATH.sub(r"/\1/<token>", text)


class RedactTokens(logging.Filter):
    """For werkzeug's development-server log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args:
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        record.msg = redact(str(record.msg))
        return True


def init_app(app) -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, RedactTokens) for f in logger.filters):
        logger.addFilter(RedactTokens())
