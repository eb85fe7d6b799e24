"""Fetching pages safely: a pinned connection, a redirect limit, body limits and a deadline.

``httpx`` does the HTTP (headers, redirects as responses); our transport makes every connection
go to the address that ``guard.check_url`` checked, while TLS still verifies the certificate
against the host name. Every socket operation is given only the time left before the check's
deadline (``DeadlineStream``), so a server that trickles its headers a byte at a time cannot hold
the check past it. The body is read raw and decoded here (``Decoder``): at most ``MAX_BYTES``
raw and decoded, one ``gzip`` or ``deflate`` layer, and a bounded decompression ratio, so a
compression bomb cannot fill the memory.
"""

from __future__ import annotations

import functools
import os
import ssl
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpcore
import httpx

from . import guard

USER_AGENT = "Digianalyysi-website-check/1.0 (DigiFocus digital business analysis; +https://digifocus.fi)"
MAX_REDIRECTS = 5
MAX_BYTES = 2 * 1024 * 1024  # raw bytes read and decoded bytes kept, each
MAX_RATIO = 100  # decoded bytes per raw byte of a compressed body (HTML compresses 4-10 times)
RATIO_FLOOR = 256 * 1024  # the ratio is judged once this much has been decoded
CONNECT_TIMEOUT = 5.0
ENCODINGS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}

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


def _within(timeout: float | None, deadline: float, error: type[Exception]) -> float:
    """The time one socket operation may take: its own timeout, but never past the deadline."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise error("the check's time limit was reached")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the check's deadline."""

    def __init__(self, stream: httpcore.NetworkStream, deadline: float):
        self.stream, self.deadline = stream, deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, _within(timeout, self.deadline, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, _within(timeout, self.deadline, httpcore.WriteTimeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        wrapped = self.stream.start_tls(ssl_context, server_hostname,
                                        _within(timeout, self.deadline, httpcore.ConnectTimeout))
        return DeadlineStream(wrapped, self.deadline)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


class PinnedBackend(httpcore.SyncBackend):
    """Connects to the checked address only, whatever host name the request names, and gives the
    connection the check's deadline."""

    def __init__(self, target: guard.Target, deadline: float):
        self.target, self.deadline = target, deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if (host, port) != (self.target.host, self.target.port):
            raise httpcore.ConnectError(f"unexpected connection to {host}:{port}")
        stream = super().connect_tcp(self.target.address, port,
                                     _within(timeout, self.deadline, httpcore.ConnectTimeout), local_address,
                                     socket_options)
        return DeadlineStream(stream, self.deadline)


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


def _modified(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None  # ssl then raises as before


@functools.lru_cache(maxsize=8)
def tls_context(verify: bool | str, modified: int | None = None) -> ssl.SSLContext:
    """The TLS settings of a fetch, made once per process (per CA file version): loading the
    system's certificates took 20 ms, a quarter of a check's CPU, for each of its three or four
    fetches. A context holds settings and trusted certificates only, no connection's state."""
    del modified  # part of the cache key only
    if verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        return context
    return ssl.create_default_context(cafile=verify) if isinstance(verify, str) else ssl.create_default_context()


class PinnedTransport(httpx.BaseTransport):
    """An httpx transport over an httpcore pool whose only network route is the checked address."""

    def __init__(self, target: guard.Target, verify: bool | str = True, deadline: float | None = None):
        context = tls_context(verify, _modified(verify) if isinstance(verify, str) else None)
        deadline = time.monotonic() + 30.0 if deadline is None else deadline
        self.pool = httpcore.ConnectionPool(ssl_context=context, network_backend=PinnedBackend(target, deadline),
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


def content_codings(headers: httpx.Headers) -> list[str]:
    """The Content-Encoding layers of a response, outermost last, without ``identity``."""
    codings = [c.strip().lower() for value in headers.get_list("content-encoding") for c in value.split(",")]
    return [c for c in codings if c and c != "identity"]


class Decoder:
    """Decodes a body as it streams, refusing what could exhaust memory: more than one coding or
    an unknown one, or a ratio over ``MAX_RATIO``. At most ``max_bytes`` are read raw, and decoded
    output beyond ``max_bytes`` is never produced (zlib's ``max_length``); ``full`` says either."""

    def __init__(self, codings: list[str], max_bytes: int):
        if len(codings) > 1 or (codings and codings[0] not in ENCODINGS):
            raise FetchError("encoding", "content-encoding")
        self.coding = codings[0] if codings else None
        self.max_bytes, self.raw, self.out = max_bytes, 0, []
        self.decoded = 0
        self.zlib = zlib.decompressobj(ENCODINGS[self.coding]) if self.coding else None

    @property
    def full(self) -> bool:
        """Nothing more is read: ``max_bytes`` decoded, or ``max_bytes`` raw."""
        return self.decoded >= self.max_bytes or self.raw >= self.max_bytes

    def feed(self, chunk: bytes) -> None:
        chunk = chunk[: self.max_bytes - self.raw]
        self.raw += len(chunk)
        if self.zlib is None:
            self._keep(chunk)
            return
        data = chunk
        while data and not self.full and not self.zlib.eof:
            try:
                piece = self.zlib.decompress(data, self.max_bytes - self.decoded)
            except zlib.error:
                if self.coding != "deflate" or self.decoded or self.raw != len(chunk):
                    raise FetchError("encoding", "corrupt") from None
                self.zlib = zlib.decompressobj(-zlib.MAX_WBITS)  # a raw deflate stream without the zlib header
                continue
            self._keep(piece)
            data = self.zlib.unconsumed_tail
        consumed = self.raw - len(data)  # raw bytes behind the output so far (the rest is not decoded)
        if self.decoded > RATIO_FLOOR and self.decoded > MAX_RATIO * consumed:
            raise FetchError("encoding", "ratio")

    def _keep(self, piece: bytes) -> None:
        piece = piece[: self.max_bytes - self.decoded]
        self.out.append(piece)
        self.decoded += len(piece)

    def body(self) -> bytes:
        return b"".join(self.out)


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
                   "Accept-Language": "fi,en;q=0.8,sv;q=0.5", "Accept-Encoding": "gzip, deflate"}
        with httpx.Client(transport=PinnedTransport(target, verify_arg, self.deadline), timeout=timeout,
                          headers=headers, follow_redirects=False, trust_env=False) as client:
            with client.stream("GET", target.url) as response:
                body, truncated = self._read(response)
                return response.status_code, {k.lower(): v for k, v in response.headers.items()}, body, truncated

    def _read(self, response: httpx.Response) -> tuple[bytes, bool]:
        """The body, decoded here from the raw stream (never by httpx, which has no output limit)."""
        if response.status_code in (301, 302, 303, 307, 308):
            return b"", False
        decoder = Decoder(content_codings(response.headers), self.max_bytes)
        try:
            for chunk in response.iter_raw():
                decoder.feed(chunk)
                if decoder.full or self.remaining() <= 0:
                    return decoder.body(), True
        except httpx.TimeoutException:  # the deadline came while the body was arriving: what came is read
            return decoder.body(), True
        return decoder.body(), False
