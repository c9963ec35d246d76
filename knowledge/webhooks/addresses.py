"""Where a webhook may be sent: http(s) to public addresses only, never into the portal's own network
(loopback, link-local, private, multicast, reserved, unspecified; IPv4, IPv6 and IPv4-mapped IPv6),
unless settings.WEBHOOK_ALLOW_PRIVATE. Checked at registration and again at each delivery, since what
a name resolves to can change; the delivery connects to the address checked here."""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

SCHEMES = {"http": 80, "https": 443}


class UnsafeURL(ValueError):
    """A URL a webhook may not be sent to; the message says why."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str
    ip: str


def is_forbidden(ip):
    """True for an address inside a private, local or otherwise non-public range."""
    address = ipaddress.ip_address(ip.split("%", 1)[0])
    if address.version == 6 and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_link_local
        or address.is_private
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
        or not address.is_global
    )


def _resolve(host, port):
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UnsafeURL(_("The host %(host)s cannot be resolved.") % {"host": host}) from error
    return [info[4][0] for info in infos]


def check_url(url):
    """The Target `url` is sent to, or UnsafeURL. Every address the host resolves to must be public."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise UnsafeURL(_("This is not a valid URL.")) from error
    scheme = (parts.scheme or "").lower()
    if scheme not in SCHEMES:
        raise UnsafeURL(_("Only http and https URLs are allowed."))
    host = parts.hostname
    if not host:
        raise UnsafeURL(_("The URL has no host."))
    port = port or SCHEMES[scheme]
    addresses = _resolve(host, port)
    if not addresses:
        raise UnsafeURL(_("The host %(host)s cannot be resolved.") % {"host": host})
    if not getattr(settings, "WEBHOOK_ALLOW_PRIVATE", False):
        for ip in addresses:
            if is_forbidden(ip):
                raise UnsafeURL(
                    _("%(host)s resolves to %(ip)s, an address in a private or local network.")
                    % {"host": host, "ip": ip}
                )
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(scheme=scheme, host=host, port=port, path=path, ip=addresses[0])
