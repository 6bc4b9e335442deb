"""Fetch a web page or feed safely: http(s) only, a timeout, a size limit, no redirects, and no requests to
private, loopback, link-local or reserved addresses unless ``GROUNDWATCH_FETCH_PRIVATE_ADDRESSES`` is on."""

from __future__ import annotations

import http.client
import ipaddress
import socket
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


def _check_address(host: str, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        raise FetchRefused(f"The host {host!r} could not be found.") from None
    address = str(infos[0][4][0])
    ip = ipaddress.ip_address(address)
    if not allow_private and not ip.is_global:
        raise FetchRefused(
            f"{host} is a private, loopback or link-local address ({ip}); groundwatch does not fetch those "
            "unless GROUNDWATCH_FETCH_PRIVATE_ADDRESSES is on."
        )
    return address


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
    address = _check_address(parts.hostname, allow_private)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    # Connect to the address that was checked (no second DNS answer); TLS still verifies the host name.
    connection = connection_class(parts.hostname, port, timeout=timeout)
    if parts.scheme == "http":
        connection.sock = socket.create_connection((address, port), timeout=timeout)
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
