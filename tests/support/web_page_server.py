"""A plain web server on a free local port, as `python -m http.server` is: it answers every
call with an HTML page. What an operator reaches with a wrong --endpoint-url."""

from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager
from typing import Iterator

PAGE = b"<!DOCTYPE html>\n<html><head><title>Welcome</title></head><body><p>It works!</p></body></html>\n"


@contextmanager
def web_page_server(status: int = 200, body: bytes = PAGE) -> Iterator[str]:
    """Serve ``body`` as text/html with ``status`` to every request; yields the base URL."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(status)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *_) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
