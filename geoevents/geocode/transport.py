"""A geopy adapter whose timeout is a deadline for the whole HTTP exchange.

geopy's adapters hand their timeout to the socket, where it bounds each read: a server
that sends one byte every 2 s never trips a 10 s timeout and holds a request for as
long as it likes.  Here the timeout becomes a deadline: connecting, the TLS handshake,
the status line, the headers and every read of the body only get the time left until
it, so the request is abandoned once the whole exchange passes the timeout, however the
bytes trickle in.  (Name resolution is the one step no socket timeout reaches.)

Plain urllib underneath: one connection per request (at one request a second keep-alive
buys nothing) and no retries (a retried timeout would triple the wait).
"""
from __future__ import annotations

import functools
import http.client
import io
import json
import socket
import threading
import time
from typing import Any
from urllib.error import HTTPError
from urllib.request import (
    HTTPHandler, HTTPSHandler, ProxyHandler, Request, build_opener, getproxies,
)

from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
from geopy.exc import (
    GeocoderParseError, GeocoderServiceError, GeocoderTimedOut, GeocoderUnavailable,
)


class DeadlineAdapter(BaseSyncAdapter):
    """geopy adapter (``adapter_factory=DeadlineAdapter``): ``timeout`` bounds the whole request."""

    def __init__(self, *, proxies: dict[str, str] | None, ssl_context: Any) -> None:
        super().__init__(proxies=proxies, ssl_context=ssl_context)
        self._deadline = threading.local()  # per thread: the request this thread is making
        clock = functools.partial(getattr, self._deadline, "at", None)
        # Our handlers replace urllib's default HTTP(S) handlers; ProxyHandler({}) turns
        # the system proxies off, exactly as in geopy's own adapter.
        opener = build_opener(_HTTPHandler(clock), _HTTPSHandler(clock, context=ssl_context),
                              ProxyHandler(_proxies(proxies)))
        self.urlopen = opener.open

    def get_json(self, url: str, *, timeout: float | None, headers: dict[str, str]) -> Any:
        text = self.get_text(url, timeout=timeout, headers=headers)
        try:
            return json.loads(text)
        except ValueError:
            raise GeocoderParseError(f"Could not deserialize using deserializer:\n{text[:200]}"
                                     ) from None

    def get_text(self, url: str, *, timeout: float | None, headers: dict[str, str]) -> str:
        self._deadline.at = None if timeout is None else time.monotonic() + timeout
        try:
            with self.urlopen(Request(url=url, headers=headers), timeout=timeout) as page:
                body, charset = page.read(), page.headers.get_content_charset()
        except HTTPError as error:
            raise AdapterHTTPError(f"Non-successful status code {error.code}",
                                   status_code=error.code, text=_error_body(error),
                                   headers={k.lower(): v for k, v in error.headers.items()}
                                   ) from None
        except Exception as error:
            raise _failure(error, self._deadline.at) from None
        finally:
            self._deadline.at = None
        try:
            return body.decode(charset or "utf-8")
        except (LookupError, ValueError):
            raise GeocoderParseError("Unable to decode the response bytes") from None


def _proxies(proxies: dict[str, str] | None) -> dict[str, str]:
    """geopy's rule: None means the system proxies; a scheme-less proxy URL means http://."""
    proxies = getproxies() if proxies is None else proxies
    return {scheme: url if not url or "://" in url else f"http://{url}"
            for scheme, url in (proxies or {}).items()}


def _failure(error: Exception, deadline: float | None) -> GeocoderServiceError:
    reason = getattr(error, "reason", error)  # URLError wraps the socket's error
    if isinstance(reason, TimeoutError) or (deadline is not None
                                            and time.monotonic() >= deadline):
        return GeocoderTimedOut("Service timed out")
    if isinstance(reason, OSError):  # refused, reset, unreachable, no such host
        return GeocoderUnavailable(" ".join(str(reason).split()) or "Service not available")
    return GeocoderServiceError(" ".join(str(error).split()) or type(error).__name__)


def _error_body(error: HTTPError) -> str | None:
    try:
        return error.read().decode("utf-8", "replace")
    except Exception:  # a body that trickles past the deadline: the status says enough
        return None


def _left(deadline: float | None) -> float | None:
    """Seconds until the deadline (None: no deadline); TimeoutError once it has passed."""
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("timed out")
    return left


class _DeadlineReader(io.RawIOBase):
    """The response's byte stream, each read limited to the time left until the deadline."""

    def __init__(self, buffered: Any, sock: socket.socket, deadline: float | None) -> None:
        super().__init__()
        self._buffered, self._sock, self._deadline = buffered, sock, deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(_left(self._deadline))
        return self._buffered.raw.readinto(buffer)

    def close(self) -> None:
        if not self.closed:
            self._buffered.close()  # releases the socket file, as http.client expects
        super().close()


class _DeadlineResponse(http.client.HTTPResponse):
    def __init__(self, sock: socket.socket, *args: Any, deadline: float | None,
                 **kwargs: Any) -> None:
        super().__init__(sock, *args, **kwargs)
        self.fp = io.BufferedReader(_DeadlineReader(self.fp, sock, deadline))


class _DeadlineMixin:
    """HTTP(S)Connection whose every socket step gets only the time left."""

    def __init__(self, *args: Any, deadline: float | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self.deadline = deadline
        self.response_class = functools.partial(_DeadlineResponse, deadline=deadline)
        self._create_connection = self._connect_socket

    def _connect_socket(self, address: tuple[str, int], timeout: Any = None,
                        source_address: Any = None) -> socket.socket:
        sock = socket.create_connection(address, _left(self.deadline), source_address)
        try:
            sock.settimeout(_left(self.deadline))  # what the TLS handshake may still take
        except TimeoutError:
            sock.close()
            raise
        return sock


class _HTTPConnection(_DeadlineMixin, http.client.HTTPConnection):
    pass


class _HTTPSConnection(_DeadlineMixin, http.client.HTTPSConnection):
    pass


class _HTTPHandler(HTTPHandler):
    def __init__(self, deadline: Any) -> None:
        super().__init__()
        self._deadline = deadline  # () -> this thread's deadline

    def http_open(self, req: Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPConnection, deadline=self._deadline()), req)


class _HTTPSHandler(HTTPSHandler):
    def __init__(self, deadline: Any, context: Any = None) -> None:
        super().__init__(context=context)
        self._deadline = deadline

    def https_open(self, req: Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_HTTPSConnection, deadline=self._deadline()), req,
                            context=self._context)
