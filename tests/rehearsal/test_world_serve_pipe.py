"""`rootkeeper world serve | head -1` (issue #8 trial): when the reader leaves, the server stops
quietly, exit 0, with no BrokenPipe crash log, whether it was still printing its keys or was
already serving."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(tmp_path, stdout):
    env = {**os.environ, "ROOTKEEPER_HOME": str(tmp_path / "home")}
    return subprocess.Popen([sys.executable, "-m", "rootkeeper.cli", "world", "serve", "--port", str(_free_port())],
                            stdout=stdout, stderr=subprocess.PIPE, env=env)


def _finish(server, tmp_path, *, timeout: float = 60) -> tuple[int, str]:
    try:
        returncode = server.wait(timeout=timeout)
    finally:
        if server.poll() is None:
            server.kill()
    return returncode, server.stderr.read().decode()


def test_a_reader_gone_while_the_keys_are_printed_stops_the_world_quietly(tmp_path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # `head -1` has already left when the first lines are written
    server = _serve(tmp_path, write_end)
    os.close(write_end)
    returncode, err = _finish(server, tmp_path)
    assert (returncode, err) == (0, "")
    assert not (tmp_path / "home" / "logs").exists()


def test_a_reader_gone_while_serving_leaves_no_crash_at_the_stop(tmp_path):
    server = _serve(tmp_path, subprocess.PIPE)
    for line in server.stdout:
        if line.startswith(b"Press Ctrl-C"):
            break
    server.stdout.close()
    server.send_signal(signal.SIGTERM)
    returncode, err = _finish(server, tmp_path)
    assert (returncode, err) == (0, "")
    assert not (tmp_path / "home" / "logs").exists()
