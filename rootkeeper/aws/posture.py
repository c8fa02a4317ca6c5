"""Read everything about one account's root user into a RootPosture.

Each read is independent and runs in a small thread pool (they are I/O bound, and an
account's posture is a dozen calls). A read that fails — access denied, throttled past
its retries, not implemented by an emulator — gives its field ``Unknown(reason)``; only
a failure to learn who we are (no credentials, say) is raised.
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Callable, TypeVar

from rootkeeper.aws.alerting import read_root_alerting_rules
from rootkeeper.aws.cis_alerting import read_cis_alerting
from rootkeeper.aws.cloudtrail import latest_root_activity
from rootkeeper.aws.contacts import read_alternate_contact
from rootkeeper.aws.credential_report import read_root_credential_row
from rootkeeper.aws.errors import translate
from rootkeeper.aws.identity import who_am_i
from rootkeeper.aws.mfa import (AccountSummary, list_root_mfa_devices, list_root_virtual_mfa_devices,
                                read_account_summary, with_hardware_inferred)
from rootkeeper.aws.organization import read_organization, read_root_email
from rootkeeper.aws.root_keys import list_root_access_keys, merge_key_ids
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.identity import Identity
from rootkeeper.core.posture import ContactType, Maybe, MfaListing, RootCredentialRow, RootPosture, Unknown

T = TypeVar("T")
Progress = Callable[[str], None]
# Every read in flight at once (there are 13 to 15 of them): against a latency L the posture then
# costs about its longest chain of dependent calls (3 or 4 x L), not the sum of all (~17 x L).
MAX_WORKERS = 16


def read_root_posture(session: AwsSession, *, now: datetime | None = None, progress: Progress | None = None,
                      identity: Identity | None = None, sleep: Callable[[float], None] = time.sleep,
                      max_workers: int = MAX_WORKERS) -> RootPosture:
    """The root posture of the session's account.

    ``progress`` receives short messages ("Reading the credential report") from worker
    threads: a UI must hand them to its own thread. Raises RootkeeperError only when the
    caller's identity cannot be read (no credentials, expired session, unreachable endpoint)."""
    say = progress or (lambda message: None)
    now = now or datetime.now(timezone.utc)
    say("Finding out who we are")
    identity = identity or who_am_i(session)
    account_id = identity.account_id
    with ThreadPoolExecutor(max_workers=max_workers, thread_name_prefix="rootkeeper-posture") as pool:
        def submit(message: str, read: Callable[[], T]) -> Future:
            def run() -> T:
                say(message)
                return read()
            return pool.submit(run)

        summary_f = submit("Reading the account summary", lambda: read_account_summary(session))
        virtual_f = submit("Listing virtual MFA devices", lambda: list_root_virtual_mfa_devices(session))
        row_f = submit("Reading the credential report", lambda: read_root_credential_row(session, sleep=sleep))
        live_keys_f = (submit("Listing root access keys", lambda: list_root_access_keys(session))
                       if identity.kind.is_root else None)
        # Only a root session can list hardware devices and passkeys.
        all_mfa_f = (submit("Listing the root user's MFA devices", lambda: list_root_mfa_devices(session))
                     if identity.kind.is_root else None)
        contact_fs = {kind: submit(f"Reading the {kind.value.lower()} contact",
                                   lambda kind=kind: read_alternate_contact(session, kind))
                      for kind in ContactType}
        alerting_f = submit("Looking for root-activity alerting", lambda: read_root_alerting_rules(session))
        cis_f = submit("Looking for the CIS root-usage alarm", lambda: read_cis_alerting(session))
        org_f = submit("Reading the Organization", lambda: read_organization(session, account_id))
        email_f = submit("Reading the root email address", lambda: read_root_email(session, account_id))
        trail_f = submit("Looking for root activity in CloudTrail", lambda: latest_root_activity(session, now=now))

        summary = _outcome(summary_f)
        virtual = _outcome(virtual_f)
        all_mfa = _outcome(all_mfa_f) if all_mfa_f is not None else Unknown("not a root session")
        row = _outcome(row_f)
        if live_keys_f is not None and isinstance(row, RootCredentialRow):
            live = _outcome(live_keys_f)
            if not isinstance(live, Unknown):
                row = merge_key_ids(row, live)
        contacts = {kind: _outcome(future) for kind, future in contact_fs.items()}
        alerting = _outcome(alerting_f)
        cis_alerting = _outcome(cis_f)
        organization = _outcome(org_f)
        cloudtrail = _outcome(trail_f)
        root_email = _outcome(email_f)

    say("Done")
    return RootPosture(
        account_id=account_id,
        observed_at=now,
        mfa_enabled=_field(summary, lambda s: s.mfa_enabled),
        access_keys_present=_field(summary, lambda s: s.access_keys_present),
        signing_certificates_present=_field(summary, lambda s: s.signing_certificates_present),
        mfa_devices=all_mfa if not isinstance(all_mfa, Unknown) else _devices(virtual, summary),
        mfa_listing=MfaListing.VIRTUAL_ONLY if isinstance(all_mfa, Unknown) else MfaListing.ALL_DEVICES,
        credential_row=row,
        contacts=contacts,
        alerting=alerting,
        cis_alerting=cis_alerting,
        organization=organization,
        password_present=_password_present(summary, row),
        cloudtrail_root_use=cloudtrail,
        root_email=root_email,
    )


def _outcome(future: Future) -> Maybe:
    """The read's value, or Unknown with a one-line reason a person can act on."""
    try:
        return future.result()
    except RootkeeperError as error:
        return Unknown(_one_line(str(error)))
    except Exception as error:  # noqa: BLE001 - a posture read must never take the whole screen down
        return Unknown(_one_line(str(translate(error, "read this"))))


def _field(summary: Maybe[AccountSummary], pick: Callable[[AccountSummary], T]) -> Maybe[T]:
    return summary if isinstance(summary, Unknown) else pick(summary)


def _devices(virtual: Maybe, summary: Maybe[AccountSummary]) -> Maybe:
    if isinstance(virtual, Unknown):
        return virtual
    if isinstance(summary, Unknown):
        return virtual  # without the flag we cannot infer a hardware device
    return with_hardware_inferred(virtual, summary.mfa_enabled)


def _password_present(summary: Maybe[AccountSummary], row: Maybe[RootCredentialRow]) -> Maybe[bool]:
    if not isinstance(summary, Unknown) and summary.password_present is not None:
        return summary.password_present
    if isinstance(row, RootCredentialRow) and row.password_enabled is not None:
        return row.password_enabled
    if isinstance(row, RootCredentialRow) and row.password_last_used is not None:
        return True  # it was used to sign in, so it exists (or did recently)
    if isinstance(summary, Unknown):
        return summary
    return Unknown("AWS did not say whether the root user has a password (no AccountPasswordPresent).")


def _one_line(text: str) -> str:
    return " ".join(text.split())
