"""The credential report with its first data row, <root_account>, as AWS writes it.

Column meanings follow the IAM User Guide ("Getting credential reports"): for the root,
password_enabled, password_last_changed and password_next_rotation are always
``not_supported``; dates are ISO 8601 with ``+00:00``; absent values are ``N/A``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from moto.core.responses import ActionResult
from moto.iam.models import IAMBackend, iam_backends
from moto.iam.responses import IamResponse

from rootkeeper.rehearsal.patches import Patch, original
from rootkeeper.rehearsal.state import RootPrincipal, WorldState, active

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S+00:00"

_generated_at: dict[str, datetime] = {}
_generated_content: dict[str, str] = {}  # the root's row when the report was last generated
REPORT_INTERVAL = timedelta(hours=4)


def _iso(moment: datetime | None) -> str:
    return moment.strftime(DATE_FORMAT) if moment else "N/A"


def root_row(root: RootPrincipal) -> str:
    keys = iam_backends[root.account_id]["global"].access_keys
    columns = [
        "<root_account>", root.arn, _iso(root.created_at),
        "not_supported",  # password_enabled
        _iso(root.password_last_used) if root.password_last_used else ("no_information" if root.password is not None else "N/A"),
        "not_supported", "not_supported",  # password_last_changed, password_next_rotation
        "true" if root.mfa_devices else "false",
    ]
    for index in range(2):
        key = keys.get(root.key_ids[index]) if index < len(root.key_ids) else None
        if key is None:
            columns += ["false", "N/A", "N/A", "N/A", "N/A"]
            continue
        used = key.last_used
        columns += ["true" if key.status == "Active" else "false", _iso(key.create_date),
                    _iso(used.timestamp) if used else "N/A", used.region if used else "N/A",
                    used.service if used else "N/A"]
    for index in range(2):
        cert = root.signing_certificates[index] if index < len(root.signing_certificates) else None
        columns += ["true" if cert and cert.status == "Active" else "false", _iso(cert.uploaded_at) if cert else "N/A"]
    return ",".join(columns) + "\n"


def get_credential_report(self: IAMBackend) -> str:
    report = original(IAMBackend, "get_credential_report")(self)
    state = active()
    if state is None:
        return report
    header, _, users = report.partition("\n")
    return f"{header}\n{root_row(state.root(self.account_id))}{users}"


def generate_credential_report(self: IamResponse) -> ActionResult:
    """As AWS: a report is made anew at most every four hours, so a change can stay unseen for
    that long. One leniency, so that a console step rehearsed a minute ago can be verified: a
    change to the root's row (what the console changes) makes a new report at once. Either
    way GeneratedTime is when the report's root row was made: never before what it shows."""
    state: WorldState | None = active()
    result = original(IamResponse, "generate_credential_report")(self)
    if state is not None:
        account = self.current_account
        row = root_row(state.root(account))
        now = state.now()
        made = _generated_at.get(account)
        if made is None or now - made >= REPORT_INTERVAL or _generated_content.get(account) != row:
            _generated_at[account] = now
            _generated_content[account] = row
    return result


def get_credential_report_handler(self: IamResponse) -> ActionResult:
    result = original(IamResponse, "get_credential_report")(self)
    generated = _generated_at.get(self.current_account)
    if generated is not None:
        result = ActionResult({**result.result, "GeneratedTime": generated})
    return result


def reset() -> None:
    _generated_at.clear()
    _generated_content.clear()


PATCHES = [Patch(IAMBackend, "get_credential_report", get_credential_report),
           Patch(IamResponse, "generate_credential_report", generate_credential_report),
           Patch(IamResponse, "get_credential_report", get_credential_report_handler)]
