"""The "custodians" scenario: acme as it is (rehearsal/scenarios.py), plus the three people
who hold the management account's root, as the seeds describe them:

- Ana Lima, platform lead: a virtual MFA device on root, "ana-root-mfa";
- Ben Okafor, head of security: a hardware TOTP token on root, "ben-root-token";
- Chloe Martin, who is leaving: a virtual device on root, "chloe-root-mfa"; the account's
  primary contact phone is hers, and the SECURITY alternate contact names her.

The devices are really assigned (ListMFADevices as root lists all three). The virtual ones
hold fixed seeds (``authenticator_seed``), so that the rehearsal's stand-in for each
custodian's phone shows codes the world accepts; a seed is never printed. The custodians
are also returned as data (``SeedCustodian``) for the app to seed a fresh rehearsal
journal's roster with.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from moto.iam.models import iam_backends

from rootkeeper.core.environment import SeedCustodian
from rootkeeper.rehearsal.root_mfa_devices import add_root_mfa_device
from rootkeeper.rehearsal.scenarios import SeededScenario, seed_acme
from rootkeeper.rehearsal.state import AlternateContact, WorldState

CHLOE_PHONE = "+1 206 555 0177"
PROD = "314159265401"  # acme-prod: Chloe also holds its root's MFA device, from before centralized root access
# (name, email, days a custodian, device name, device kind, phone, leaving)
_CUSTODIANS = (
    ("Ana Lima", "ana.lima@acme.example", 900, "ana-root-mfa", "virtual", None, False),
    ("Ben Okafor", "ben.okafor@acme.example", 600, "ben-root-token", "hardware", None, False),
    ("Chloe Martin", "chloe.martin@acme.example", 1200, "chloe-root-mfa", "virtual", CHLOE_PHONE, True),
)


def authenticator_seed(account_id: str, device_name: str) -> str:
    """The fixed Base32 seed of a scenario's virtual root MFA device (rehearsal only)."""
    digest = hashlib.sha256(f"rootkeeper-rehearsal:custodians:{account_id}:{device_name}".encode()).digest()
    return base64.b32encode(digest[:20]).decode()


def seed_custodians(state: WorldState, extra_accounts: int = 0) -> SeededScenario:
    seeded = seed_acme(state, extra_accounts)
    management, now = seeded.management_account_id, state.now()
    roster = []
    for name, email, days, device_name, kind, phone, leaving in _CUSTODIANS:
        since = (now - timedelta(days=days)).replace(microsecond=0)
        serial = add_root_mfa_device(state, management, kind, device_name, enabled_at=since + timedelta(hours=1))
        if kind == "virtual":
            iam_backends[management]["global"].virtual_mfa_devices[serial].base32_string_seed = (
                authenticator_seed(management, device_name))
        devices = ((serial, kind),)
        if leaving:  # a member's root device too: offboarding removes it by API, through AssumeRoot
            member = add_root_mfa_device(state, PROD, "virtual", "chloe-prod-root-mfa",
                                         enabled_at=since + timedelta(hours=2))
            devices += ((member, "virtual"),)
        roster.append(SeedCustodian(name=name, email=email, since=since, devices=devices, phone=phone,
                                    leaving=leaving))
    root = state.root(management)
    root.contact_information = {**root.contact_information, "PhoneNumber": CHLOE_PHONE}
    root.alternate_contacts["SECURITY"] = AlternateContact(
        "SECURITY", "Chloe Martin", "Security engineer", "chloe.martin@acme.example", CHLOE_PHONE)
    seeded.name = "custodians"
    seeded.seed_custodians = tuple(roster)
    return seeded
