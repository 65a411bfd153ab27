"""A real HTTP server on 127.0.0.1 serving one file with Range support, for download tests.

It can drop the connection once after a given byte offset, or serve corrupted bytes.
"""

from __future__ import annotations

import re
import threading
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


class _Handler(BaseHTTPRequestHandler):
    payload: Payload

    def log_message(self, format: str, *args: object) -> None:
        del format, args

    def do_GET(self) -> None:
        payload = self.payload
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
        self.send_header("Content-Length", str(len(data) - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        end = len(data)
        if payload.cut_after is not None and payload.cut_after > start:
            end, payload.cut_after = payload.cut_after, None
            self.close_connection = True
        self.wfile.write(bytes(data[start:end]))


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
