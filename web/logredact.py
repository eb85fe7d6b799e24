"""Keep private links and search terms out of logs.

- Resume tokens (``/a/...``) and follow-up invitation tokens (``/seuranta/...``) each open a
  company's answers, a seat offer's token (``/koulutuspaikka/...``) answers it, a webinar
  sign-up's (``/webinaari/...``) cancels it, an event link's (``/tilaisuus/...``) lifts the limit
  of new analyses per address and a certificate's
  code (``/todistus/...``) names a company's training: they are replaced by ``<token>``. The
  check runs on the percent-DECODED path (decoded until it no longer changes), so ``/a/%64emo...`` cannot slip through.
- Query strings are left out: advisors search by business ID and company or person name.
- The logged path is percent-encoded again, so a decoded newline cannot forge a log line.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, unquote, urlsplit

# a token segment after /a/, /seuranta/, /koulutuspaikka/ (a seat offer's answer link), /webinaari/
# (a webinar sign-up's cancel link) or /tilaisuus/ (an event link: it lifts the per-address limit
# of new analyses; coordinator paths such as /koordinaattori/seuranta/12 carry short
# numeric ids and stay as they are; a longer segment is redacted anyway), and a certificate's
# verification code after /todistus/ (any length: a code typed in part is still a code; staff paths
# such as /kurssi/3/todistus/12.pdf keep their ids)
TOKEN_IN_PATH = re.compile(r"/+(a|seuranta|koulutuspaikka|webinaari|tilaisuus)/+[^/\s\"'?#]{8,}"
                           r"|/+(todistus)/+(?![0-9]+\.pdf\b)[^/\s\"'?#]+")
REQUEST_LINE = re.compile(r"\b([A-Z]{3,10}) (\S+) (HTTP/\d(?:\.\d)?)")
PATH_SAFE = "/-._~!$&'()*+,;=:@<>"


def _tokens_out(text: str) -> str:
    return TOKEN_IN_PATH.sub(lambda m: f"/{m[1] or m[2]}/<token>", text)


def decoded(path: str) -> str:
    for _ in range(5):
        once = unquote(path)
        if once == path:
            break
        path = once
    return path


def redact_target(target: str) -> str:
    """A request target or a URL (Referer) without query string, fragment or private token."""
    if not target or target == "-":
        return target
    if target.startswith("/"):  # origin form; "//x" is a path here, not a host
        prefix, path = "", target.split("?", 1)[0].split("#", 1)[0]
    else:  # absolute form (a Referer, a proxy request)
        parts = urlsplit(target)
        prefix, path = f"{parts.scheme}://{parts.netloc}" if parts.netloc else "", parts.path
    path = quote(decoded(path), safe=PATH_SAFE)
    return prefix + _tokens_out(path)


def redact(text: str) -> str:
    """Any log text: request lines get a redacted target; token paths elsewhere are replaced."""
    text = REQUEST_LINE.sub(lambda m: f"{m[1]} {redact_target(m[2])} {m[3]}", text)
    return _tokens_out(text)


class RedactTokens(logging.Filter):
    """For werkzeug's development-server log lines and the application's own log."""

    def filter(self, record: logging.LogRecord) -> bool:
        # formatted first: a token may be split between the format string and its arguments
        record.msg, record.args = redact(record.getMessage()), None
        return True


def init_app(app) -> None:
    for logger in (logging.getLogger("werkzeug"), app.logger):
        if not any(isinstance(f, RedactTokens) for f in logger.filters):
            logger.addFilter(RedactTokens())
