"""Which names the server answers to, and which pages may open a session.

A page another site serves may try to drive a session (cross-site websocket hijacking), or a name
of its own may be made to point at this machine (DNS rebinding: then Host and Origin both carry
that name, and agree). So the server answers only to the names it was started for: its address,
``localhost``, any address written as digits (an address cannot be rebound), the machine's own
names when it listens on every interface, and whatever ``--allow-host`` adds. A websocket must
also come from a page of this server: its Origin is the address the browser used.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

EVERY_INTERFACE = ("", "0.0.0.0", "::")


def split_host(value: str) -> tuple[str, str | None]:
    """A Host header's name and port: ``[::1]:8000`` is ``::1`` and ``8000``."""
    value = value.strip()
    if value.startswith("["):
        name, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not rest.startswith(":")):
            return "", None  # not a host
        return name, rest[1:] if rest else None
    if value.count(":") == 1:
        name, _, port = value.partition(":")
        return name, port
    return value, None


def is_address(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class Hosts:
    """The host names this server answers to."""

    def __init__(self, listen: str, allowed: Iterable[str] = ()) -> None:
        """
        Args:
            listen: The address the server listens on (``--host``).
            allowed: More names to answer to (``--allow-host``).
        """
        names = {"localhost", *allowed}
        if listen in EVERY_INTERFACE:
            for name in (socket.gethostname(), socket.getfqdn()):
                names.update({name, name.split(".")[0], name.split(".")[0] + ".local"})
        else:
            names.add(listen)
        self.names = {_plain(name) for name in names if name}

    def allows(self, host: str | None) -> bool:
        """Whether a request's Host header names this server."""
        if not host:
            return False
        name, port = split_host(host)
        if port is not None and not port.isdigit():
            return False
        name = _plain(name)
        return name in self.names or is_address(name)

    def page_allows(self, origin: str | None, host: str | None) -> bool:
        """Whether a websocket comes from this server's own page (or from no page at all)."""
        if origin is None:
            return True  # not a browser: no page of another site is involved
        scheme, _, rest = origin.partition("://")
        return scheme in ("http", "https") and host is not None and rest == host and self.allows(host)


def _plain(name: str) -> str:
    return name.strip().rstrip(".").lower()
