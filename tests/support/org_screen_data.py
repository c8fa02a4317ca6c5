"""Fixed scan results and batch outcomes for the Organizations screen's snapshots: fed to its
inbox as the workers would, so the screen shows them exactly as after a real scan."""

from __future__ import annotations

from rootkeeper.core.org_remediation import (
    BatchOutcome,
    MemberRemediation,
    RemediationAction,
)
from rootkeeper.core.org_root import MemberRoot
from rootkeeper.ui import org_work

DELETE = RemediationAction.DELETE_CREDENTIALS
MEMBERS = (
    MemberRoot("314159265401", "acme-prod", password=True, access_keys=("AKIAEXAMPLEPRODKEY01",)),
    MemberRoot("314159265402", "acme-data", password=False),
    MemberRoot("314159265403", "acme-sandbox", password=False),
    MemberRoot("314159265404", "acme-legacy", password=True, mfa_devices=("GAKT00000404",),
               signing_certificates=("ACMELEGACYSIGNINGCERT001",)),
    MemberRoot("500000000001", "acme-workload-0001", error="Could not assume root in account 500000000001: "
               "access denied (sts:AssumeRoot)."),
    MemberRoot("500000000002", "acme-workload-0002", password=True),
)
OUTCOMES = (
    MemberRemediation("314159265401", "acme-prod", DELETE, ok=True,
                      removed={"login_profile": ["root"], "access_keys": ["AKIAEXAMPLEPRODKEY01"]}),
    MemberRemediation("314159265404", "acme-legacy", DELETE, ok=True,
                      removed={"login_profile": ["root"], "mfa_devices": ["GAKT00000404"],
                               "signing_certificates": ["ACMELEGACYSIGNINGCERT001"]}),
    MemberRemediation("500000000002", "acme-workload-0002", DELETE, ok=False, changed=False,
                      error="Could not assume root in account 500000000002: the request was throttled."),
)


async def show_scanned_and_remediated(pilot, *, remediate: bool = True) -> None:
    screen = pilot.app.screen
    screen.total = len(MEMBERS)
    screen._inbox.put(org_work.ScanStart("314159265358", tuple((m.account_id, m.name) for m in MEMBERS)))
    for member in MEMBERS:
        screen._inbox.put(member)
    screen._scanned(list(MEMBERS))
    if remediate:
        screen.selected = {o.account_id for o in OUTCOMES}
        screen._rebuild()
        for outcome in OUTCOMES:
            screen._inbox.put(outcome)
        screen._remediated(BatchOutcome("org-0123456789ab", DELETE, OUTCOMES))
    await pilot.pause()
