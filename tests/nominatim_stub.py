"""A tiny Nominatim-like HTTP server on 127.0.0.1 for geocoder tests (no internet).

Answers GET /search (Nominatim) and /api (Photon) from a table of scripted replies keyed
by the ``q`` parameter, and records every request (path, params, headers, arrival time)
so tests can count requests and measure the spacing between them.  A ``trickle`` reply
sends its whole response (status line and headers included) one byte at a time, like a
server that is slow but never silent long enough to trip a per-read timeout.
"""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class Reply:
    """What the server sends for one query: a JSON value or raw bytes, after a delay."""

    body: Any = field(default_factory=list)  # JSON-encoded unless ``raw`` is set
    status: int = 200
    delay: float = 0.0
    raw: bytes | None = None
    content_type: str = "application/json; charset=utf-8"
    trickle: float = 0.0  # seconds between single bytes of the response (0: all at once)
    trickle_body: bool = False  # status line and headers at once, then the body byte by byte
    trickle_for: float = 8.0  # then the stub closes the connection (no test hangs for long)


@dataclass(frozen=True)
class Request:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


class NominatimStub:
    """Context manager: ``with NominatimStub({"Bad Kreuzen": Reply([...])}) as stub:``."""

    def __init__(self, replies: dict[str, Reply] | None = None,
                 default: Reply | None = None) -> None:
        self.replies = dict(replies or {})
        self.default = default or Reply([])
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.01}, daemon=True)

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self._server.server_port}"

    def options(self) -> dict[str, Any]:
        """geopy options pointing a Nominatim/Photon client at this server, proxies off."""
        return {"domain": self.domain, "scheme": "http", "proxies": {}}

    def count(self, query: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if query is None or r.params.get("q") == query)

    def __enter__(self) -> NominatimStub:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body go out at once: no 40 ms stall

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                params = {k: v[-1] for k, v in parse_qs(parts.query).items()}
                with stub._lock:
                    stub.requests.append(Request(parts.path, params, dict(self.headers),
                                                 time.monotonic()))
                if parts.path not in ("/search", "/api"):
                    reply = Reply({"error": "not found"}, status=404)
                else:
                    reply = stub.replies.get(params.get("q", ""), stub.default)
                if reply.delay:
                    time.sleep(reply.delay)
                payload = reply.raw if reply.raw is not None else json.dumps(reply.body).encode()
                if reply.trickle:
                    self._trickle(reply, payload)
                    return
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test): nothing to tell it

            def _trickle(self, reply: Reply, payload: bytes) -> None:
                data = (f"HTTP/1.1 {reply.status} OK\r\nContent-Type: {reply.content_type}\r\n"
                        f"Content-Length: {len(payload)}\r\n\r\n").encode() + payload
                give_up = time.monotonic() + reply.trickle_for
                start = len(data) - len(payload) if reply.trickle_body else 0
                try:
                    if start:
                        self.wfile.write(data[:start])
                    for i in range(start, len(data)):
                        if time.monotonic() > give_up:
                            break
                        self.wfile.write(data[i:i + 1])
                        time.sleep(reply.trickle)
                except OSError:
                    pass  # the client gave up, as it should
                self.close_connection = True

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # keep test output clean

        return Handler


def nominatim_result(*, name: str, lat: float, lon: float, cls: str, typ: str,
                     addresstype: str, rank: int, address: dict[str, str],
                     osm: tuple[str, int] = ("relation", 1)) -> dict[str, Any]:
    """One /search?format=json&addressdetails=1 result, shaped like Nominatim's."""
    return {
        "place_id": 1000 + osm[1] % 1000, "licence": "Data © OpenStreetMap contributors, ODbL 1.0",
        "osm_type": osm[0], "osm_id": osm[1], "lat": f"{lat:.7f}", "lon": f"{lon:.7f}",
        "class": cls, "type": typ, "place_rank": rank, "importance": 0.4,
        "addresstype": addresstype, "name": name,
        "display_name": ", ".join([name, *(v for k, v in address.items()
                                           if k != "country_code" and not k.startswith("ISO"))]),
        "address": address,
        "boundingbox": [f"{lat - 0.05:.7f}", f"{lat + 0.05:.7f}", f"{lon - 0.05:.7f}",
                        f"{lon + 0.05:.7f}"],
    }
