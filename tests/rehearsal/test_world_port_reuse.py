"""A port the world just released can be served again at once (issue #8: `world serve` said
"already in use" for about a minute while only TIME_WAIT sockets remained); a port really in
use is still refused."""

from __future__ import annotations

import errno
import http.client
import socket

import pytest

from rootkeeper.rehearsal.server import WORLD_PATH
from rootkeeper.rehearsal.world import start_world


def _served_port_left_in_time_wait(clock) -> int:
    """Serve a world, talk to it over a connection the server closes first (so the
    server's end of it stays in TIME_WAIT), then stop the world."""
    world = start_world(serve=True, port=0, clock=clock)
    try:
        port = int(world.endpoint_url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(f"GET {WORLD_PATH} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            answer = b""
            while chunk := client.recv(65536):  # until the server closes its end
                answer += chunk
        assert answer.startswith(b"HTTP/1.1 200") or answer.startswith(b"HTTP/1.0 200"), answer[:80]
    finally:
        world.stop()
    return port


def _plain_bind_fails(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as error:
            return error.errno == errno.EADDRINUSE
        return False


def test_a_port_just_released_is_served_again_at_once(manual_clock):
    port = _served_port_left_in_time_wait(manual_clock)
    # The premise: the port is not free yet for a socket that does not reuse the address.
    assert _plain_bind_fails(port), "no TIME_WAIT socket was left on the world's port"
    again = start_world(serve=True, port=port, clock=manual_clock)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", WORLD_PATH)
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        again.stop()


def test_a_port_really_in_use_is_still_refused(manual_clock):
    world = start_world(serve=True, port=0, clock=manual_clock)
    try:
        port = int(world.endpoint_url.rsplit(":", 1)[1])
        with pytest.raises(OSError) as refused:
            start_world(serve=True, port=port, clock=manual_clock)
        assert refused.value.errno == errno.EADDRINUSE
    finally:
        world.stop()
