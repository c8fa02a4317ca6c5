"""The rehearsal world over HTTP: moto's WSGI app behind a small middleware that adds the
console endpoint (``POST /_rootkeeper/console/<action>``), served by werkzeug quietly
(no request log: the TUI and the terminal belong to the operator)."""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from typing import Any, Callable, Iterable

from moto import backends as moto_backends
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

from rootkeeper.rehearsal.console import RehearsalConsole, run_console_action
from rootkeeper.rehearsal.patches import Patch, original

CONSOLE_PREFIX = "/_rootkeeper/console/"
WORLD_PATH = "/_rootkeeper/world"  # GET: the scenario and its identities, for `rehearse --endpoint-url`
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


_moto_modules: tuple[str, ...] | None = None


def list_of_moto_modules() -> tuple[str, ...]:
    """moto's dispatcher lists its package directory (a stat per module, ~180) on every
    request to find the service; the list cannot change while the world runs."""
    global _moto_modules
    if _moto_modules is None:
        _moto_modules = tuple(original(moto_backends, "list_of_moto_modules")())
    return _moto_modules


PATCHES = [Patch(moto_backends, "list_of_moto_modules", list_of_moto_modules)]


class QuietRequestHandler(MotoRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:  # no per-request line on stderr
        pass

    def log(self, type: str, message: str, *args: Any) -> None:
        if type == "error":
            logging.getLogger("rootkeeper.world").debug(message, *args)


class ConsoleMiddleware:
    def __init__(self, app: WsgiApp, console: RehearsalConsole) -> None:
        self._app = app
        self._console = console
        self.description: dict[str, Any] = {}  # set by the world once its scenario is seeded

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == WORLD_PATH and environ.get("REQUEST_METHOD") == "GET":
            status, payload = 200, {"result": self.description}
        elif not path.startswith(CONSOLE_PREFIX):
            return self._app(environ, start_response)
        elif environ.get("REQUEST_METHOD") != "POST":
            status, payload = 405, {"error": {"type": "ValidationError", "message": "Use POST."}}
        else:
            length = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                arguments = json.loads(environ["wsgi.input"].read(length) or b"{}")
            except ValueError:
                arguments = None
            if not isinstance(arguments, dict):
                status, payload = 400, {"error": {"type": "ValidationError", "message": "Send a JSON object."}}
            else:
                status, payload = run_console_action(self._console, path[len(CONSOLE_PREFIX):], arguments)
        body = json.dumps(payload).encode()
        reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed"}[status]
        start_response(f"{status} {reason}", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
        return [body]


class WorldServer:
    """Binds at construction (so a busy port fails here, with OSError), serves in a thread."""

    def __init__(self, console: RehearsalConsole, host: str = "127.0.0.1", port: int = 0) -> None:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        app = ConsoleMiddleware(DomainDispatcherApplication(create_backend_app), console)
        self.middleware = app
        # Bind ourselves: werkzeug reports a busy port by printing and exiting the process.
        listener = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        if os.name != "nt":
            # As werkzeug and socketserver do: a port whose last connections linger in
            # TIME_WAIT can be served again at once, while one with a live listener is
            # still refused. (On Windows the option would let two servers share a port.)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            listener.bind((host, port))
            listener.listen(128)
        except OSError:
            listener.close()
            raise
        self._listener = listener
        self._server: BaseWSGIServer = make_server(host, port, app, threaded=True, request_handler=QuietRequestHandler,
                                                   fd=listener.fileno())
        self._thread = threading.Thread(target=self._server.serve_forever, name="rehearsal-world", daemon=True)

    @property
    def endpoint_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join(timeout=5)
        self._server.server_close()
        self._listener.close()
