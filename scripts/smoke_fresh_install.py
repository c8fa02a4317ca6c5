"""The main job, from outside, against a rootkeeper installed with the README's first command.

    python scripts/smoke_fresh_install.py FRESH_VENV/bin/rootkeeper

Starts `rootkeeper world serve` from that install on a free port, then, as a phone and an
AWS client would: CreateVirtualMFADevice for the acme scenario's break-glass IAM user, the
QRCodePNG decoded by a real decoder (zxing-cpp), two consecutive TOTP codes computed from
the decoded otpauth URI, EnableMFADevice, and ListVirtualMFADevices read back to see the
device assigned. Then `rootkeeper status --rehearse` from that install must end as a status
does (0 or 1), not as a crash. The server is always stopped.

Run it with an interpreter that has boto3, zxing-cpp and Pillow (the test venv has them).
Exit 0 when everything held; otherwise 1, with the step that failed and the server's log.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import hmac
import io
import os
import queue
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import boto3
import zxingcpp
from botocore.config import Config
from PIL import Image

IDENTITY = "operator"  # the administrator the scenario gives the operator
USER = "breakglass"  # the IAM break-glass user without MFA
DEVICE = "breakglass-smoke"
READY_SECONDS = 120  # generous: a cold start on a busy CI machine imports moto
STEP_SECONDS = 30


class SmokeFailure(Exception):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def totp(secret: str, counter: int, digits: int = 6) -> str:
    """RFC 6238, written out here so the check does not share code with the world."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    number = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


class ServedWorld:
    """`rootkeeper world serve` as a child process; its identities as it prints them."""

    def __init__(self, rootkeeper: str, port: int, home: str) -> None:
        self.process = subprocess.Popen(
            [rootkeeper, "world", "serve", "--port", str(port)],
            env={**os.environ, "ROOTKEEPER_HOME": home}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stderr: list[str] = []
        threading.Thread(target=lambda: self.stderr.extend(self.process.stderr), daemon=True).start()
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read_stdout, daemon=True).start()

    def _read_stdout(self) -> None:
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def identities(self) -> dict[str, dict[str, str]]:
        """Read the `export` lines it prints for each identity, up to "Press Ctrl-C"."""
        found: dict[str, dict[str, str]] = {}
        current = None
        deadline = time.monotonic() + READY_SECONDS
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise SmokeFailure(f"`world serve` did not say it was ready within {READY_SECONDS} s") from None
            if line is None:
                raise SmokeFailure(f"`world serve` exited with code {self.process.wait()} before it was ready")
            if line.startswith("# "):
                current = line[2:].split(":", 1)[0]
                found[current] = {}
            elif line.startswith("export ") and current:
                name, _, value = line[len("export "):].strip().partition("=")
                found[current][name] = value
            elif line.startswith("Press Ctrl-C"):
                return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def iam_client(exports: dict[str, str]):
    return boto3.client("iam", endpoint_url=exports["AWS_ENDPOINT_URL"], region_name=exports["AWS_DEFAULT_REGION"],
                        aws_access_key_id=exports["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=exports["AWS_SECRET_ACCESS_KEY"],
                        config=Config(retries={"max_attempts": 1}))


def assign_virtual_mfa_from_the_qr(iam) -> str:
    try:
        created = iam.create_virtual_mfa_device(VirtualMFADeviceName=DEVICE)["VirtualMFADevice"]
    except Exception as error:
        raise SmokeFailure(f"CreateVirtualMFADevice failed: {error}") from error
    serial, png = created["SerialNumber"], created.get("QRCodePNG", b"")
    try:
        image = Image.open(io.BytesIO(png))
    except Exception as error:
        raise SmokeFailure(f"QRCodePNG is not an image ({len(png)} bytes): {error}") from error
    texts = [barcode.text for barcode in zxingcpp.read_barcodes(image)]
    if len(texts) != 1 or not texts[0].startswith("otpauth://totp/"):
        raise SmokeFailure(f"QRCodePNG does not decode to one otpauth:// URI: {texts!r}")
    secret = parse_qs(urlparse(texts[0]).query).get("secret", [""])[0]
    if not secret:
        raise SmokeFailure("the otpauth URI in the QR code has no secret")
    # The two codes of the previous and the current 30-second step: consecutive, and the
    # second one current, as a person types them from the app.
    step = int(time.time()) // STEP_SECONDS
    try:
        iam.enable_mfa_device(UserName=USER, SerialNumber=serial,
                              AuthenticationCode1=totp(secret, step - 1), AuthenticationCode2=totp(secret, step))
    except Exception as error:
        raise SmokeFailure(f"EnableMFADevice with two codes from the QR code failed: {error}") from error
    return serial


def check_assigned(iam, serial: str) -> None:
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    users = {device["SerialNumber"]: device.get("User", {}).get("UserName") for device in assigned}
    if users.get(serial) != USER:
        raise SmokeFailure(f"ListVirtualMFADevices does not show {serial} assigned to {USER}: {users!r}")


def check_status(rootkeeper: str, home: str) -> None:
    run = subprocess.run([rootkeeper, "status", "--rehearse"], env={**os.environ, "ROOTKEEPER_HOME": home},
                         capture_output=True, text=True, timeout=120)
    if run.returncode not in (0, 1) or "Traceback" in run.stdout + run.stderr:
        raise SmokeFailure(f"`rootkeeper status --rehearse` ended with code {run.returncode}:\n"
                           f"{run.stdout[-2000:]}{run.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rootkeeper", help="the rootkeeper executable of the fresh install")
    rootkeeper = parser.parse_args().rootkeeper
    if not Path(rootkeeper).is_file():
        print(f"smoke: no rootkeeper executable at {rootkeeper}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="rootkeeper-smoke-") as home:
        world = ServedWorld(rootkeeper, free_port(), home)
        try:
            identities = world.identities()
            if IDENTITY not in identities:
                raise SmokeFailure(f"`world serve` printed no {IDENTITY!r} identity, only {sorted(identities)}")
            iam = iam_client(identities[IDENTITY])
            serial = assign_virtual_mfa_from_the_qr(iam)
            check_assigned(iam, serial)
            check_status(rootkeeper, home)
        except SmokeFailure as failure:
            world.stop()
            print(f"smoke: FAILED, the main job does not work from a fresh install: {failure}", file=sys.stderr)
            log = "".join(world.stderr).strip()
            if log:
                print("smoke: the world's log:\n" + log[-4000:], file=sys.stderr)
            return 1
        finally:
            world.stop()
    print(f"smoke: OK, fresh install: world serve, QR decoded, {serial} enabled with two codes and assigned to"
          f" {USER}; status --rehearse ran.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
