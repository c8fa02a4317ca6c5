"""The Organizations root scan: every member's root credentials, read through AssumeRoot.

For each member, sts:AssumeRoot with IAMAuditRootUserCredentials, then four reads as that
member's root: GetLoginProfile (NoSuchEntity: no password), ListAccessKeys, ListMFADevices
and ListSigningCertificates — ``CALLS_PER_MEMBER`` calls. ``scan_members`` runs them with
at most ``concurrency`` calls in flight (one worker per slot, each reading one member at a
time), backs off and retries a throttled call, renews a root session before its 900 s end,
and keeps a member it cannot read as a MemberRoot with ``error`` set: one member's failure
never stops the scan.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any, TypeVar

from botocore.config import Config

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.response_check import check_aws_response
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import (
    NotFoundError,
    RootkeeperError,
    SessionExpiredError,
    ThrottledError,
    ValidationError,
)
from rootkeeper.core.org_root import MemberRoot

AUDIT_TASK_POLICY = "IAMAuditRootUserCredentials"
CALLS_PER_MEMBER = 5  # AssumeRoot + the four reads
RENEW_MARGIN_SECONDS = 60  # a root session with less left than this is renewed before the next call
MAX_THROTTLE_RETRIES = 8
BACKOFF_BASE_SECONDS = 0.1
BACKOFF_CAP_SECONDS = 5.0
MAX_CONCURRENCY = 256
# The scan retries throttled calls itself (with jitter, and watching for a cancel), so its
# member clients make one attempt each; botocore's standard mode would wait up to 20 s.
MEMBER_CLIENT_CONFIG = Config(retries={"mode": "standard", "total_max_attempts": 1}, connect_timeout=5,
                              read_timeout=30, user_agent_extra="rootkeeper org-scan")

T = TypeVar("T")
Now = Callable[[], datetime]


class ScanCancelled(Exception):
    """The scan was cancelled while this member was being read (it is left out)."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


class _MemberRootSession:
    """One member's audit root session: opened on first use, renewed when near its end or expired."""

    def __init__(self, management: AwsSession, account_id: str, now: Now) -> None:
        self.management = management
        self.account_id = account_id
        self.now = now
        self._session: AwsSession | None = None

    def current(self) -> AwsSession:
        if self._session is None or self._session.expires_within(RENEW_MARGIN_SECONDS, self.now()):
            self.renew()
        assert self._session is not None
        return self._session

    def renew(self) -> None:
        session = self.management.assume_root(self.account_id, AUDIT_TASK_POLICY)
        session.client_config = MEMBER_CLIENT_CONFIG
        self._session = session


def _backoff(attempt: int, cancel: threading.Event | None) -> None:
    delay = random.uniform(0, min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** attempt))  # full jitter
    if cancel is not None:
        if cancel.wait(delay):
            raise ScanCancelled
    else:
        threading.Event().wait(delay)


def _patiently(call: Callable[[], T], cancel: threading.Event | None) -> T:
    """``call``, retried with backoff while AWS throttles it."""
    for attempt in range(MAX_THROTTLE_RETRIES + 1):
        try:
            return call()
        except ThrottledError:
            if attempt == MAX_THROTTLE_RETRIES:
                raise
            _backoff(attempt, cancel)
    raise AssertionError("unreachable")


class WorkerIam:
    """One IAM client for one scan worker, signing as whichever member's root session it is
    given. Creating a client per member costs ~3 ms of CPU and a new connection; re-keying
    this one costs nothing. Used by one thread at a time (its worker's)."""

    def __init__(self, management: AwsSession) -> None:
        self._boto = management.sibling_boto_session()
        self._credentials = self._boto.get_credentials()  # the very object the client signs with
        self._iam = self._boto.client("iam", endpoint_url=management.target.endpoint_url, config=MEMBER_CLIENT_CONFIG)
        self._iam.meta.events.register("before-parse.*.*", check_aws_response)

    def as_root(self, session: AwsSession) -> Any:
        credentials, target = self._credentials, session.target
        credentials.access_key, credentials.secret_key = target.access_key_id, target.secret_access_key
        credentials.token = target.session_token
        return self._iam


def _as_root(member: _MemberRootSession, doing: str, read: Callable[[Any], T], cancel: threading.Event | None,
             worker: WorkerIam | None = None) -> T:
    """One read as the member's root: throttling retried, an expired session renewed once."""
    def attempt() -> T:
        session = _patiently(member.current, cancel)
        with aws_errors(doing):
            return read(worker.as_root(session) if worker is not None else session.client("iam"))

    try:
        return _patiently(attempt, cancel)
    except SessionExpiredError:
        member.renew()
        return _patiently(attempt, cancel)


# Each kind of root credential the IAM API lists: (operation, result key, id key).
LISTINGS = {"access_keys": ("list_access_keys", "AccessKeyMetadata", "AccessKeyId"),
            "mfa_devices": ("list_mfa_devices", "MFADevices", "SerialNumber"),
            "signing_certificates": ("list_signing_certificates", "Certificates", "CertificateId")}


def login_profile_created(iam: Any, doing: str = "read the root user's login profile") -> datetime | None:
    """When the root, whose session signs ``iam``, got its login profile (password) by
    GetLoginProfile; None when it has none (NoSuchEntity)."""
    try:
        with aws_errors(doing):
            profile = iam.get_login_profile()["LoginProfile"]
    except NotFoundError:
        return None
    created = profile.get("CreateDate")
    if not isinstance(created, datetime):
        return datetime.min.replace(tzinfo=UTC)  # a profile with no date: there is one all the same
    return created.replace(tzinfo=UTC) if created.tzinfo is None else created.astimezone(UTC)


def has_password(iam: Any) -> bool:
    return login_profile_created(iam) is not None


def listed(iam: Any, kind: str) -> tuple[str, ...]:
    """The ids of one kind of the root's credentials (a key of ``LISTINGS``), every page."""
    operation, result_key, id_key = LISTINGS[kind]
    found: list[str] = []
    for page in iam.get_paginator(operation).paginate():
        found.extend(item[id_key] for item in page.get(result_key, []))
    return tuple(found)


def read_member_root(session: AwsSession, account_id: str, name: str = "", *, now: Now | None = None,
                     cancel: threading.Event | None = None, worker: WorkerIam | None = None) -> MemberRoot:
    """One member's root credentials, through a fresh AssumeRoot (IAMAuditRootUserCredentials)
    from ``session`` (the management account or the IAM delegated administrator). The scan,
    the recovery runbook's audit and every read-back after a change read through here.
    Raises a RootkeeperError when the member cannot be read (``scan_members`` keeps it as the
    member's ``error``)."""
    member = _MemberRootSession(session, account_id, now or _utc_now)
    password = _as_root(member, f"read the root password of {account_id}", has_password, cancel, worker)
    keys, devices, certificates = (
        _as_root(member, f"list the root {label} of {account_id}", lambda iam, kind=kind: listed(iam, kind),
                 cancel, worker)
        for kind, label in (("access_keys", "access keys"), ("mfa_devices", "MFA devices"),
                            ("signing_certificates", "signing certificates")))
    return MemberRoot(account_id, name, password=password, access_keys=keys, mfa_devices=devices,
                      signing_certificates=certificates)


def scan_members(session: AwsSession, members: Sequence[tuple[str, str]], *, concurrency: int = 16,
                 on_result: Callable[[MemberRoot], None] | None = None, cancel: threading.Event | None = None,
                 now: Now | None = None) -> list[MemberRoot]:
    """Read every member's root credentials, ``members`` as (account id, name) pairs.

    At most ``concurrency`` calls are in flight. ``on_result`` is called from the worker
    threads as each member is read (it must be thread-safe; a UI posts a message). Setting
    ``cancel`` stops the scan: members being read finish, the others are not started. The
    result holds the members read, in the order given."""
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValidationError(f"The concurrency must be between 1 and {MAX_CONCURRENCY} (got {concurrency}).")
    cancel = cancel or threading.Event()
    # A sibling of the caller's session: same boto3 session and credentials, its own STS
    # client with a connection for every worker (the default pool holds 10), and one attempt
    # per call: the scan retries throttled AssumeRoot calls itself, as it does the reads.
    scanner = AwsSession(session.target, parent=session)
    scanner.client_config = MEMBER_CLIENT_CONFIG.merge(Config(max_pool_connections=concurrency + 2))
    pending = iter(enumerate(members))
    results: dict[int, MemberRoot] = {}
    failures: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            worker = WorkerIam(scanner)
        except BaseException as error:  # noqa: BLE001 - raised again by scan_members
            failures.append(error)
            cancel.set()
            return
        while not cancel.is_set():
            with lock:
                item = next(pending, None)
            if item is None:
                return
            index, (account_id, name) = item
            try:
                try:
                    result = read_member_root(scanner, account_id, name, now=now, cancel=cancel, worker=worker)
                except RootkeeperError as error:  # one member's failure never stops the scan
                    result = MemberRoot(account_id, name, error=" ".join(str(error).split()))
                with lock:
                    results[index] = result
                if on_result is not None:
                    on_result(result)
            except ScanCancelled:
                return
            except BaseException as error:  # noqa: BLE001 - a bug, not an AWS answer: stop the scan, raise it
                failures.append(error)
                cancel.set()
                return

    workers = [threading.Thread(target=work, name=f"org-scan-{n}", daemon=True)
               for n in range(min(concurrency, len(members)))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise failures[0]
    return [results[index] for index in sorted(results)]
