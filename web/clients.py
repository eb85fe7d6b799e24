"""The client a per-address limit counts: the request's address (after ProxyFix, PROXY_COUNT), an
IPv6 address by its /64 network. One IPv6 subscriber or server is given a whole /64 and can use
any of its 2**64 addresses, so counting single IPv6 addresses would limit nothing: a sign-up
limit of 30 an hour per "client" would let one machine fill every webinar's seats, guess
certificate codes or try passwords without end."""

from __future__ import annotations

import ipaddress

from flask import request

IPV6_PREFIX = 64


def client_key(address: str | None) -> str:
    """``address`` as the limits count it: IPv4 as it is, IPv6 as its /64 (an IPv4-mapped IPv6
    address as the IPv4 address); anything unparsable as it came (or "-")."""
    if not address:
        return "-"
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/{IPV6_PREFIX}", strict=False))
    return str(ip)


def request_client() -> str:
    """The client of the current request, as the per-address limits count it."""
    return client_key(request.remote_addr)
