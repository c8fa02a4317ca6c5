"""`rootkeeper org scan`: every member account's root credentials, through AssumeRoot.

Prints a table (members with root credentials first; a member with none is the goal
state), or --json / --csv; a progress bar on stderr when it is a terminal, a line every
few seconds when it is not. Ctrl-C stops the scan: the members being read finish, the
partial result is printed and the progress saved (under the data dir: account ids and
credential ids, no secrets), and `--resume` reads only the members not read yet.

Exit codes: 0 every member read and none has root credentials; 1 a member has root
credentials or could not be read; 2 an error (not the management account, root sessions
off, no member could be read); 130 interrupted (partial result printed, progress saved).
"""

from __future__ import annotations

import json
import sys
import threading
import time
from argparse import Namespace
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO

from rootkeeper.commands import org_scan_output as output
from rootkeeper.core.environment import AwsTarget, Environment
from rootkeeper.core.errors import RootkeeperError, ValidationError
from rootkeeper.core.org_root import MemberRoot

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR, EXIT_INTERRUPTED = 0, 1, 2, 130
PROGRESS_FILE = "org-scan-progress.json"
LINE_EVERY_SECONDS = 5.0  # progress lines when stderr is not a terminal
BAR_EVERY_SECONDS = 0.2


def run_org_scan(args: Namespace, *, out: TextIO | None = None, err: TextIO | None = None,
                 now: Callable[[], datetime] = lambda: datetime.now(UTC)) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    rehearsal = bool(getattr(args, "rehearse", False))
    close: Callable[[], None] = lambda: None  # noqa: E731 (replaced once a world is started)
    try:
        if getattr(args, "json", False) and getattr(args, "csv", False):
            raise ValidationError("Choose one of --json and --csv.")
        if rehearsal:
            environment = _rehearsal_environment(args)
            close = environment.close
        else:
            environment = Environment(target=AwsTarget(profile=getattr(args, "profile", None),
                                                       region=getattr(args, "region", None),
                                                       endpoint_url=getattr(args, "endpoint_url", None)))
        return _scan(args, environment, out, err, now)
    except RootkeeperError as error:
        print(" ".join(str(error).split()), file=err)
        return EXIT_ERROR
    finally:
        close()


def _scan(args: Namespace, environment: Environment, out: TextIO, err: TextIO,
          now: Callable[[], datetime]) -> int:
    from rootkeeper.aws.org_members import scannable_organization
    from rootkeeper.aws.org_scan import scan_members
    from rootkeeper.aws.session import AwsSession
    from rootkeeper.core.datadir import data_dir

    session = AwsSession(environment.target)
    organization = scannable_organization(session)
    members = list(organization.members)
    progress_path = data_dir(rehearsal=environment.rehearsal) / PROGRESS_FILE
    done: dict[str, MemberRoot] = {}
    if getattr(args, "resume", False):
        current = {account for account, _ in members}
        done = {account: member for account, member in
                _load_progress(progress_path, organization.management_account_id, err).items() if account in current}
    todo = [(account, name) for account, name in members if account not in done]
    cancel = threading.Event()
    progress = _Progress(len(members), done.values(), err)
    failure: list[BaseException] = []
    scanned: list[MemberRoot] = []
    finished = threading.Event()  # not Thread.join: a Ctrl-C inside join() can leave is_alive() wrong

    def scan() -> None:
        try:
            scanned.extend(scan_members(session, todo, concurrency=args.concurrency, on_result=progress.add,
                                        cancel=cancel))
        except BaseException as error:  # noqa: BLE001 - raised again in the main thread
            failure.append(error)
        finally:
            finished.set()

    worker = threading.Thread(target=scan, name="org-scan", daemon=True)
    worker.start()
    interrupted = False
    while not finished.is_set():
        try:
            finished.wait(BAR_EVERY_SECONDS)
            progress.show()
        except KeyboardInterrupt:
            if interrupted:
                raise
            interrupted = True
            cancel.set()
            progress.say("Stopping: the members being read finish, then the partial result is printed.")
    progress.finish()
    if failure:
        raise failure[0]
    results = [*done.values(), *scanned]
    read_now = {m.account_id for m in results}
    complete = all(account in read_now for account, _ in members)
    if complete:
        progress_path.unlink(missing_ok=True)
    else:
        _save_progress(progress_path, organization.management_account_id, results)
    print(_render(args, results, len(members), organization.management_account_id, environment.rehearsal, now(),
                  complete), file=out)
    if not complete:
        print(f"Scan interrupted: {len(read_now)} of {len(members)} members read. Progress saved; "
              "`rootkeeper org scan --resume` (with the same options) reads the others.", file=err)
        return EXIT_INTERRUPTED
    if members and not any(m.read for m in results):
        print("No member account could be read: see the reasons above.", file=err)
        return EXIT_ERROR
    return EXIT_FINDINGS if any(m.has_credentials or not m.read for m in results) else EXIT_CLEAN


def _render(args: Namespace, results: list[MemberRoot], total: int, management: str, rehearsal: bool,
            at: datetime, complete: bool) -> str:
    if getattr(args, "json", False):
        return output.render_json(results, total, management_account_id=management, rehearsal=rehearsal,
                                  scanned_at=at, complete=complete)
    if getattr(args, "csv", False):
        return output.render_csv(results)
    title = (f"Root credentials of the member accounts of {management}" + (" (rehearsal)" if rehearsal else "")
             + f", {at:%Y-%m-%d %H:%M} UTC" + ("" if complete else " (partial: interrupted)"))
    return output.render_table(results, total, title=title)


class _Progress:
    """Counts as workers report (any thread); drawn by the main thread only."""

    def __init__(self, total: int, already: object, err: TextIO) -> None:
        self.total, self.err = total, err
        self.tty = bool(getattr(err, "isatty", lambda: False)())
        self.started = self.last_line = time.monotonic()
        self.lock = threading.Lock()
        self.done = self.found = self.unread = 0
        for member in already:  # type: ignore[attr-defined]
            self._count(member)
        self.drawn = False

    def _count(self, member: MemberRoot) -> None:
        self.done += 1
        self.found += member.has_credentials
        self.unread += not member.read

    def add(self, member: MemberRoot) -> None:
        with self.lock:
            self._count(member)

    def show(self) -> None:
        with self.lock:
            counts = (self.done, self.total, self.found, self.unread, time.monotonic() - self.started)
        if self.tty:
            self.err.write("\r" + output.progress_bar(*counts))
            self.drawn = True
        elif time.monotonic() - self.last_line >= LINE_EVERY_SECONDS:
            self.last_line = time.monotonic()
            print(output.progress_line(*counts), file=self.err)
        self.err.flush()

    def say(self, message: str) -> None:
        if self.drawn:
            self.err.write("\n")
            self.drawn = False
        print(message, file=self.err, flush=True)

    def finish(self) -> None:
        self.show()
        if self.drawn:
            self.err.write("\n")
        elif not self.tty:
            with self.lock:
                counts = (self.done, self.total, self.found, self.unread, time.monotonic() - self.started)
            print(output.progress_line(*counts), file=self.err)
        self.err.flush()


def _save_progress(path: Path, management: str, results: list[MemberRoot]) -> None:
    """Only the members read: those that failed are tried again on --resume. No secrets here."""
    body = {"management_account_id": management, "saved_at": datetime.now(UTC).isoformat(),
            "members": [output.member_json(m) for m in results if m.read]}
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(body))
    temporary.chmod(0o600)
    temporary.replace(path)


def _load_progress(path: Path, management: str, err: TextIO) -> dict[str, MemberRoot]:
    if not path.exists():
        print("No saved org scan to resume: scanning every member.", file=err)
        return {}
    try:
        body = json.loads(path.read_text())
        saved = [output.member_from_json(item) for item in body["members"]]
    except (ValueError, KeyError, TypeError):
        raise ValidationError(f"The saved org scan progress ({path}) is unreadable.",
                              hint="Delete it and scan again without --resume.") from None
    if body.get("management_account_id") != management:
        raise ValidationError(f"The saved org scan progress is for the Organization of {body.get('management_account_id')}"
                              f", not {management}.", hint="Scan without --resume to start over.")
    print(f"Resuming: {len(saved)} members already read, saved {body.get('saved_at', '?')}.", file=err)
    return {m.account_id: m for m in saved}


def _rehearsal_environment(args: Namespace) -> Environment:
    endpoint_url = getattr(args, "endpoint_url", None)
    if endpoint_url:  # the world `rootkeeper world serve` serves there
        from rootkeeper.rehearsal.remote import join_served_world

        return join_served_world(endpoint_url)
    from rootkeeper.rehearsal.world import start_world  # only now: moto is heavy

    world = start_world(getattr(args, "scenario", None) or "acme", accounts=getattr(args, "accounts", 0) or 0,
                        latency_ms=getattr(args, "latency_ms", 0.0), throttle=getattr(args, "throttle", 0.0),
                        throttle_seed=getattr(args, "throttle_seed", 12))
    environment = world.environment("operator")
    environment.close = world.stop
    return environment
