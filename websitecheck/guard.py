"""Which addresses the website check may connect to.

The check fetches addresses typed by entrepreneurs, so it must never reach the service's own
network: every host is resolved once, every address it resolves to must be global (not
loopback, private, link-local such as 169.254.169.254, CGNAT, multicast, reserved or an IPv6
form of these, IPv4-mapped included), and the connection then goes to the address that was
checked (see ``fetch.PinnedTransport``), so that a second DNS answer cannot point elsewhere.
Hosts listed in ``WEBSITE_CHECK_ALLOWED_HOSTS`` skip the "global" rule (tests, intranets); an
entry ``host:port`` also allows that one port besides 80 and 443 (the tests' local server).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import idna

ALLOWED_PORTS = {"http": 80, "https": 443}

Resolver = Callable[[str, int], list[str]]


class Refused(Exception):
    """The address may not be fetched; ``reason`` is a stable code, ``detail`` says why."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Target:
    """A URL ready to fetch: scheme, the ASCII (IDNA) host, port and the checked address."""

    scheme: str
    host: str
    port: int
    address: str
    url: str


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            return is_public(str(mapped))
        if ip.teredo is not None:
            return False
    return not (
        not ip.is_global or ip.is_multicast or ip.is_reserved or ip.is_loopback
        or ip.is_link_local or ip.is_unspecified or ip.is_private
    )


def normalise_url(text: str) -> str:
    """The address as typed → an absolute http(s) URL; a bare domain gets ``https://``."""
    text = (text or "").strip()
    if not text:
        raise Refused("empty")
    if "://" not in text:
        scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):(?!\d)", text)
        if scheme and scheme.group(1).lower() not in ALLOWED_PORTS:
            raise Refused("scheme", scheme.group(1).lower())
        text = "https://" + text.lstrip("/")
    return text


def ascii_host(host: str) -> str:
    host = host.rstrip(".").lower()
    if not host:
        raise Refused("malformed", "no host")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host.strip("[]")
    except ValueError:
        pass
    try:
        return idna.encode(host, uts46=True).decode("ascii")
    except idna.IDNAError as exc:
        raise Refused("malformed", f"host {host!r}: {exc}") from None


def _allow_list(entries: Iterable[str]) -> tuple[set[str], set[tuple[str, int]]]:
    hosts, ports = set(), set()
    for entry in entries:
        entry = (entry or "").strip()
        if not entry:
            continue
        name, _, port = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")
        hosts.add(ascii_host(name))
        if port.isascii() and port.isdigit():
            ports.add((ascii_host(name), int(port)))
    return hosts, ports


def check_url(url: str, allowed_hosts: Iterable[str] = (), resolver: Resolver = system_resolver) -> Target:
    """Resolve and check one URL; raise ``Refused`` when it may not be fetched."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused("malformed", str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in ALLOWED_PORTS:
        raise Refused("scheme", scheme or "none")
    if parts.username or parts.password:
        raise Refused("malformed", "credentials in the address")
    host = ascii_host(parts.hostname or "")
    port = port or ALLOWED_PORTS[scheme]
    allowed, allowed_ports = _allow_list(allowed_hosts)
    try:
        addresses = resolver(host, port)
    except (OSError, UnicodeError) as exc:
        raise Refused("dns", f"{host}: {exc}") from None
    if not addresses:
        raise Refused("dns", host)
    if host not in allowed:
        bad = [a for a in addresses if not is_public(a)]
        if bad:
            raise Refused("private", f"{host} resolves to {bad[0]}")
    if port not in ALLOWED_PORTS.values() and (host, port) not in allowed_ports:
        raise Refused("port", str(port))
    return Target(scheme, host, port, addresses[0], url)
