"""A real HTTP server on 127.0.0.1 serving one file with Range support, for download tests.

It can drop the connection once after a given byte offset, serve corrupted bytes, send the
body slowly or without a Content-Length, and redirect other paths anywhere.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Payload:
    """What the server sends and how it misbehaves; `ranges` records each request's Range."""

    data: bytes
    cut_after: int | None = None
    corrupt: bool = False
    honour_range: bool = True
    ranges: list[str | None] = field(default_factory=list)
    send_length: bool = True
    """False: no Content-Length; the body ends when the connection closes."""
    trickle_seconds: float = 0.0
    """Pause after each kilobyte of the body (a slow server)."""
    redirects: dict[str, str] = field(default_factory=dict)
    """Path -> Location answered with 302 (e.g. "/moved.tar" -> "http://example.org/x")."""


class _Handler(BaseHTTPRequestHandler):
    payload: Payload

    def log_message(self, format: str, *args: object) -> None:
        del format, args

    def do_GET(self) -> None:
        payload = self.payload
        if self.path in payload.redirects:
            self.send_response(302)
            self.send_header("Location", payload.redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path != "/bundle.tar":
            self.send_error(404, "Not Found")
            return
        header = self.headers.get("Range")
        payload.ranges.append(header)
        data = bytearray(payload.data)
        if payload.corrupt:
            data[len(data) // 2] ^= 0xFF
        start = 0
        match = re.fullmatch(r"bytes=(\d+)-", header or "")
        if match and payload.honour_range:
            start = int(match.group(1))
            if start >= len(data):
                self.send_error(416, "Range Not Satisfiable")
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        if payload.send_length:
            self.send_header("Content-Length", str(len(data) - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        end = len(data)
        if payload.cut_after is not None and payload.cut_after > start:
            end, payload.cut_after = payload.cut_after, None
            self.close_connection = True
        step = 1024 if payload.trickle_seconds else max(end - start, 1)
        try:
            for position in range(start, end, step):
                self.wfile.write(bytes(data[position : min(position + step, end)]))
                self.wfile.flush()
                time.sleep(payload.trickle_seconds)
        except OSError:
            self.close_connection = True  # the client gave up


@contextmanager
def serve(payload: Payload) -> Iterator[str]:
    """Serve `payload` at http://127.0.0.1:PORT/bundle.tar until the block ends; yields the URL."""
    handler = type("Handler", (_Handler,), {"payload": payload})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/bundle.tar"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
