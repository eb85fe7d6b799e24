"""Fetching pages safely: a pinned connection, a redirect limit, a body limit and a deadline.

``httpx`` does the HTTP (headers, redirects as responses, content decoding); our transport makes
every connection go to the address that ``guard.check_url`` checked, while TLS still verifies
the certificate against the host name.
"""

from __future__ import annotations

import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpcore
import httpx

from . import guard

USER_AGENT = "Digianalyysi-website-check/1.0 (DigiFocus digital business analysis; +https://digifocus.fi)"
MAX_REDIRECTS = 5
MAX_BYTES = 2 * 1024 * 1024
CONNECT_TIMEOUT = 5.0

_ERRORS = {
    httpcore.ConnectTimeout: httpx.ConnectTimeout,
    httpcore.ReadTimeout: httpx.ReadTimeout,
    httpcore.WriteTimeout: httpx.WriteTimeout,
    httpcore.PoolTimeout: httpx.PoolTimeout,
    httpcore.ConnectError: httpx.ConnectError,
    httpcore.ReadError: httpx.ReadError,
    httpcore.WriteError: httpx.WriteError,
    httpcore.RemoteProtocolError: httpx.RemoteProtocolError,
    httpcore.LocalProtocolError: httpx.LocalProtocolError,
    httpcore.ProtocolError: httpx.ProtocolError,
    httpcore.UnsupportedProtocol: httpx.UnsupportedProtocol,
}


def _mapped(exc: Exception, request: httpx.Request) -> Exception:
    for core, ours in _ERRORS.items():
        if isinstance(exc, core):
            return ours(str(exc), request=request)
    return exc


class PinnedBackend(httpcore.SyncBackend):
    """Connects to the checked address only, whatever host name the request names."""

    def __init__(self, target: guard.Target):
        self.target = target

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if (host, port) != (self.target.host, self.target.port):
            raise httpcore.ConnectError(f"unexpected connection to {host}:{port}")
        return super().connect_tcp(self.target.address, port, timeout, local_address, socket_options)


class _Stream(httpx.SyncByteStream):
    def __init__(self, stream, request):
        self.stream, self.request = stream, request

    def __iter__(self):
        try:
            yield from self.stream
        except Exception as exc:  # noqa: BLE001 - re-raised as httpx's error
            raise _mapped(exc, self.request) from exc

    def close(self):
        self.stream.close()


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool whose only network route is the checked address."""

    def __init__(self, target: guard.Target, verify: bool | str = True):
        if verify is False:
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        elif isinstance(verify, str):
            context = ssl.create_default_context(cafile=verify)
        else:
            context = ssl.create_default_context()
        self.pool = httpcore.ConnectionPool(ssl_context=context, network_backend=PinnedBackend(target),
                                            max_connections=2, retries=0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        core = httpcore.Request(
            method=request.method,
            url=httpcore.URL(scheme=request.url.raw_scheme, host=request.url.raw_host,
                             port=request.url.port, target=request.url.raw_path),
            headers=request.headers.raw, content=request.stream, extensions=request.extensions,
        )
        try:
            response = self.pool.handle_request(core)
        except Exception as exc:  # noqa: BLE001 - re-raised as httpx's error
            raise _mapped(exc, request) from exc
        return httpx.Response(status_code=response.status, headers=response.headers,
                              stream=_Stream(response.stream, request), extensions=response.extensions)

    def close(self):
        self.pool.close()


@dataclass
class Fetched:
    """One page as fetched: the final URL, the redirect chain, headers, the (cut) body, timing."""

    requested: str
    url: str
    status: int
    headers: dict
    body: bytes
    elapsed_ms: int
    redirects: list[str] = field(default_factory=list)
    truncated: bool = False
    tls_error: str | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def is_html(self) -> bool:
        return self.content_type in ("text/html", "application/xhtml+xml") or (
            not self.content_type and self.body.lstrip()[:15].lower().startswith((b"<!doctype html", b"<html")))

    def text(self) -> str:
        charset = None
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset":
                charset = value.strip('"\' ')
        try:
            return self.body.decode(charset or "utf-8", errors="replace")
        except LookupError:
            return self.body.decode("utf-8", errors="replace")


class FetchError(Exception):
    """The page could not be fetched; ``reason`` is a stable code for the message shown."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


@dataclass
class Fetcher:
    """Fetches pages of one check, all under one deadline."""

    allowed_hosts: tuple = ()
    resolver: guard.Resolver = guard.system_resolver
    deadline: float = field(default_factory=lambda: time.monotonic() + 15.0)
    max_bytes: int = MAX_BYTES
    ca_file: str | None = None

    def remaining(self) -> float:
        return self.deadline - time.monotonic()

    def get(self, url: str, verify: bool = True) -> Fetched:
        """GET ``url`` following at most five redirects, each checked again."""
        chain, current, started = [], url, time.monotonic()
        for _hop in range(MAX_REDIRECTS + 1):
            target = guard.check_url(current, self.allowed_hosts, self.resolver)
            status, headers, body, truncated = self._one(target, verify)
            location = headers.get("location") if status in (301, 302, 303, 307, 308) else None
            if not location:
                return Fetched(url, current, status, headers, body, int((time.monotonic() - started) * 1000),
                               chain, truncated)
            chain.append(current)
            current = urljoin(current, location.strip())
        raise FetchError("redirects", f"more than {MAX_REDIRECTS} redirects")

    def _one(self, target: guard.Target, verify: bool):
        remaining = self.remaining()
        if remaining <= 0:
            raise FetchError("timeout", "the check's time limit was reached")
        timeout = httpx.Timeout(remaining, connect=min(CONNECT_TIMEOUT, remaining))
        verify_arg = (self.ca_file or True) if verify else False
        headers = {"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                   "Accept-Language": "fi,en;q=0.8,sv;q=0.5"}
        with httpx.Client(transport=PinnedTransport(target, verify_arg), timeout=timeout, headers=headers,
                          follow_redirects=False, trust_env=False) as client:
            with client.stream("GET", target.url) as response:
                body, truncated = self._read(response)
                return response.status_code, {k.lower(): v for k, v in response.headers.items()}, body, truncated

    def _read(self, response: httpx.Response) -> tuple[bytes, bool]:
        if response.status_code in (301, 302, 303, 307, 308):
            return b"", False
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            chunks.append(chunk)
            size += len(chunk)
            if size >= self.max_bytes:
                return b"".join(chunks)[: self.max_bytes], True
            if self.remaining() <= 0:
                return b"".join(chunks), True
        return b"".join(chunks), False
