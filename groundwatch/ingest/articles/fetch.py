"""Fetch a web page or feed safely: http(s) only, a timeout, a size limit, no redirects, and no requests to
private, loopback, link-local or reserved addresses unless ``GROUNDWATCH_FETCH_PRIVATE_ADDRESSES`` is on."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from groundwatch.ingest.articles.reading import MAX_ARTICLE_BYTES

TIMEOUT_SECONDS = 15
USER_AGENT = "groundwatch/0.1 (+monitoring mission intake)"


class FetchRefused(ValueError):
    """The URL was not fetched, or the answer was unusable; the message says why."""


@dataclass(frozen=True)
class Fetched:
    url: str
    body: bytes
    media_type: str


def _is_private(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped  # ::ffff:127.0.0.1 is loopback too
    return not ip.is_global or ip.is_multicast


def resolve(host: str, port: int, allow_private: bool) -> str:
    """Resolve ``host`` once and check every address it has; return the one to connect to.

    The caller connects to that exact address (never to the name again), so a name whose next answer
    points somewhere private (DNS rebinding) cannot reach it. A name with any private address among its
    answers is refused outright."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"The host {host!r} could not be found.") from None
    addresses = list(dict.fromkeys(str(info[4][0]).split("%")[0] for info in infos))
    if not addresses:
        raise FetchRefused(f"The host {host!r} could not be found.")
    if not allow_private:
        for address in addresses:
            ip = ipaddress.ip_address(address)
            if _is_private(ip):
                raise FetchRefused(
                    f"{host} is a private, loopback or link-local address ({ip}); groundwatch does not fetch "
                    "those unless GROUNDWATCH_FETCH_PRIVATE_ADDRESSES is on."
                )
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Plain HTTP to a checked address; the Host header keeps the original name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.pinned_address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.pinned_address, self.port), timeout=self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """TLS to a checked address; SNI and certificate checks use the original name."""

    def __init__(self, host: str, port: int, *, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.pinned_address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.pinned_address, self.port), timeout=self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch(
    url: str,
    *,
    allow_private: bool = False,
    max_bytes: int = MAX_ARTICLE_BYTES,
    timeout: float = TIMEOUT_SECONDS,
) -> Fetched:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchRefused(f"{url!r} is not an http(s) address.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchRefused(f"{url!r} has an invalid port.") from None
    address = resolve(parts.hostname, port, allow_private)
    # Connect to the address that was checked (no second DNS answer); TLS still verifies the host name.
    connection_class = _PinnedHTTPSConnection if parts.scheme == "https" else _PinnedHTTPConnection
    connection = connection_class(parts.hostname, port, address=address, timeout=timeout)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
        response = connection.getresponse()
        if 300 <= response.status < 400:
            raise FetchRefused(
                f"{url} redirects to {response.getheader('Location', '?')}; give that address instead."
            )
        if response.status != 200:
            raise FetchRefused(f"{url} answered HTTP {response.status}.")
        declared = int(response.getheader("Content-Length") or 0)
        if declared > max_bytes:
            raise FetchRefused(f"{url} is {declared:,} bytes; the limit is {max_bytes:,}.")
        body = response.read(max_bytes + 1)
        if len(body) > max_bytes:
            raise FetchRefused(f"{url} is larger than the limit of {max_bytes:,} bytes.")
        media_type = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    except (OSError, http.client.HTTPException) as error:
        raise FetchRefused(f"{url} could not be fetched ({type(error).__name__}).") from None
    finally:
        connection.close()
    return Fetched(url=url, body=body, media_type=media_type)
