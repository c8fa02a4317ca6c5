"""Scenarios: the organizations a rehearsal starts from.

"acme" (the default) is the messy organization of an inherited estate:

- management account 314159265358, alias "acme-mgmt": two root access keys (one active,
  created three years ago and last used a year ago from us-east-1 by S3; one inactive),
  no root MFA, a root password last changed four years ago, BILLING and OPERATIONS
  alternate contacts but no SECURITY contact, no root-activity EventBridge rule;
  IAM users "operator" (AdministratorAccess, the identity rootkeeper runs as),
  "breakglass" (admin, console password, no MFA) and "auditor" (read-only: it can read the
  posture but meets AccessDenied on every change, as a least-privilege identity does).
- centralized root access is ENABLED (RootCredentialsManagement and RootSessions): the
  previous administrator switched it on and never cleaned the members' root
  credentials, so `org scan` works at once and finds work to do.
- members: acme-prod (root password and an active root access key), acme-data (an S3
  bucket and an SQS queue locked by deny-all resource policies), acme-sandbox (clean), acme-legacy (an
  invited account with a root password, a hardware MFA and a root signing certificate);
  ``--accounts N`` adds acme-workload-0001.. with a deterministic mix of root postures
  (scale_posture.py: most clean, some with a password, a key, an MFA device, a certificate).
- custodians: Dana Reyes (leaving), Sam Okafor, and the security mailbox.

The "acme-central-off" scenario is acme before centralized root access: no trusted access
for IAM, neither root feature (so no AssumeRoot), to rehearse turning it on.

The "custodians" scenario (rehearsal/scenario_custodians.py) is acme plus the people who
hold its root; world.py's SCENARIOS lists the scenarios by name.

Everything is seeded directly into moto's backends (no HTTP), which keeps a world with
hundreds of member accounts quick to start. Ids and keys are fixed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import lru_cache
from datetime import timedelta
from typing import Callable
from unittest import mock

import moto.organizations.utils as org_utils
from moto.iam.aws_managed_policies import aws_managed_policies_data
from moto.iam.models import AccessKey, AccessKeyLastUsed, AWSManagedPolicy, IAMBackend, iam_backends
from moto.organizations.models import organizations_backends

from rootkeeper.core.environment import SeedCustodian
from rootkeeper.rehearsal.root_iam import add_root_access_key
from rootkeeper.rehearsal.scale_posture import seed_member_postures
from rootkeeper.rehearsal.scenario_locks import lock_resources
from rootkeeper.rehearsal.scenario_trail import seed_org_trail
from rootkeeper.rehearsal.state import AlternateContact, RootMfaDevice, RootSigningCertificate, WorldState

REGION = "us-east-1"
ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
# What an auditor of root posture needs, and no write action (the world enforces IAM policies).
AUDITOR_POLICY_NAME = "RootPostureReadOnly"
AUDITOR_POLICY = {"Version": "2012-10-17", "Statement": [{
    "Sid": "ReadRootPosture", "Effect": "Allow", "Resource": "*",
    "Action": ["iam:Get*", "iam:List*", "iam:GenerateCredentialReport", "iam:GenerateServiceLastAccessedDetails",
               "account:GetAlternateContact", "account:GetContactInformation", "account:GetPrimaryEmail",
               "account:ListRegions", "organizations:Describe*", "organizations:List*", "sts:GetCallerIdentity",
               "cloudtrail:LookupEvents", "cloudtrail:Describe*", "cloudtrail:Get*", "cloudtrail:List*",
               "events:Describe*", "events:List*", "sns:Get*", "sns:List*", "logs:Describe*",
               "cloudwatch:Describe*", "s3:ListAllMyBuckets", "s3:GetBucketPolicy", "s3:GetBucketPolicyStatus"],
}]}


@dataclass(frozen=True)
class Custodian:
    name: str
    role: str
    leaving: bool = False


@dataclass
class IdentityKey:
    name: str
    description: str
    account_id: str
    access_key_id: str
    secret_access_key: str = field(repr=False)


@dataclass
class SeededScenario:
    name: str
    management_account_id: str
    member_account_ids: list[str]
    identities: list[IdentityKey]
    custodians: list[Custodian]
    seed_custodians: tuple[SeedCustodian, ...] = ()  # for the app's rehearsal roster (scenario_custodians)


def fixed_secret(label: str) -> str:
    """A deterministic 40-character secret: rehearsal credentials are not secrets."""
    return hashlib.sha256(f"rootkeeper-rehearsal:{label}".encode()).hexdigest()[:40]


def _iam(account_id: str) -> IAMBackend:
    return iam_backends[account_id]["global"]


def _user_key(account_id: str, user_name: str, key_id: str) -> AccessKey:
    backend = _iam(account_id)
    key = AccessKey(user_name=user_name, prefix="AKIA", account_id=account_id)
    key.access_key_id, key.secret_access_key = key_id, fixed_secret(key_id)
    backend.get_user(user_name).access_keys.append(key)
    backend.access_keys[key_id] = key
    return key


@lru_cache(maxsize=1)
def _admin_policy_data() -> dict[str, object]:
    return json.loads(aws_managed_policies_data)["AdministratorAccess"]


def _admin_user(account_id: str, name: str, key_id: str) -> AccessKey:
    backend = _iam(account_id)
    backend.create_user(REGION, name)
    if ADMIN_POLICY not in backend.managed_policies:
        # moto loads AWS managed policies only on demand (slow for every account); one is enough.
        policy = AWSManagedPolicy.from_data("AdministratorAccess", account_id, "global", _admin_policy_data())
        backend.managed_policies[ADMIN_POLICY] = policy
    backend.attach_user_policy(ADMIN_POLICY, name)
    return _user_key(account_id, name, key_id)


def _read_only_user(account_id: str, name: str, key_id: str) -> AccessKey:
    backend = _iam(account_id)
    backend.create_user(REGION, name)
    backend.put_user_policy(name, AUDITOR_POLICY_NAME, json.dumps(AUDITOR_POLICY))
    return _user_key(account_id, name, key_id)


def _create_organization(management: str, members: list[tuple[str, str]]) -> None:
    """An organization with members of fixed ids (moto draws account ids at random)."""
    org_backend = organizations_backends[management]["aws"]
    org_backend.create_organization(REGION, FeatureSet="ALL")
    ids = iter(account_id for account_id, _ in members)
    with mock.patch.object(org_utils, "make_random_account_id", lambda: next(ids)):
        for account_id, name in members:
            org_backend.create_account(AccountName=name, Email=f"aws+{name}@acme.example")


def seed_acme(state: WorldState, extra_accounts: int = 0) -> SeededScenario:
    now = state.now()
    days: Callable[[int], timedelta] = lambda n: timedelta(days=n)  # noqa: E731
    management = "314159265358"
    named = [("314159265401", "acme-prod"), ("314159265402", "acme-data"),
             ("314159265403", "acme-sandbox"), ("314159265404", "acme-legacy")]
    extra = [(f"5{index:011d}", f"acme-workload-{index:04d}") for index in range(1, extra_accounts + 1)]
    _create_organization(management, named + extra)
    org_backend = organizations_backends[management]["aws"]
    org_backend.get_account_by_id(management).name = "acme-mgmt"

    # Management account: the messy root.
    root = state.root(management)
    root.email, root.created_at = "aws-root@acme.example", now - days(2900)
    org_backend.get_account_by_id(management).email = root.email  # DescribeAccount: the root email, not moto's
    org_backend.org.master_account_email = root.email
    root.password, root.password_changed_at = "Acme-Root-2021!", now - days(1500)
    root.password_last_used = now - days(200)
    active_key = add_root_access_key(state, root, "AKIAACMEROOTKEY00001", fixed_secret("root-1"))
    active_key.create_date = now - days(1100)
    active_key.last_used = AccessKeyLastUsed(timestamp=now - days(365), service="s3", region="us-east-1")
    stale_key = add_root_access_key(state, root, "AKIAACMEROOTKEY00002", fixed_secret("root-2"), status="Inactive")
    stale_key.create_date = now - days(800)
    root.alternate_contacts = {
        "BILLING": AlternateContact("BILLING", "Priya Natarajan", "Finance lead", "billing@acme.example", "+1 206 555 0101"),
        "OPERATIONS": AlternateContact("OPERATIONS", "Sam Okafor", "Head of platform", "ops@acme.example", "+1 206 555 0102"),
    }
    root.contact_information = {"FullName": "Dana Reyes", "CompanyName": "Acme Corp", "AddressLine1": "1 Main St",
                                "City": "Seattle", "StateOrRegion": "WA", "PostalCode": "98101", "CountryCode": "US",
                                "PhoneNumber": "+1 206 555 0100"}
    _iam(management).create_account_alias("acme-mgmt")
    operator = _admin_user(management, "operator", "AKIAACMEOPERATOR0001")
    breakglass = _admin_user(management, "breakglass", "AKIAACMEBREAKGLASS01")
    _iam(management).create_login_profile("breakglass", fixed_secret("breakglass-password")[:20] + "!A1")
    auditor = _read_only_user(management, "auditor", "AKIAACMEAUDITOR00001")
    org_backend.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")  # trusted access for IAM
    state.organization_features |= {"RootCredentialsManagement", "RootSessions"}
    seed_org_trail(management)  # to CloudWatch Logs: what the CIS 4.3 alarm reads

    # Members, from worst to best.
    prod = state.root("314159265401")
    prod.password, prod.password_changed_at = "Prod-Root-2019", now - days(2000)
    add_root_access_key(state, prod, "AKIAACMEPRODROOT0001", fixed_secret("prod-root")).create_date = now - days(1300)
    data_root = state.root("314159265402")
    lock_resources("314159265402", REGION)  # a bucket and a queue locked by deny-all policies
    legacy = state.root("314159265404")
    legacy.password, legacy.password_changed_at = "Legacy-Root-2018", now - days(2400)
    legacy.mfa_devices.append(RootMfaDevice("GAKT00000404", "hardware", "legacy-token", now - days(900)))
    # AWS certificate ids are 24 to 128 characters (DeleteSigningCertificate refuses a shorter one)
    legacy.signing_certificates.append(RootSigningCertificate("ACMELEGACYSIGNINGCERT001", "Active", now - days(2300)))
    for account_id, name in named + extra:
        member = state.root(account_id)
        member.email = f"aws+{name}@acme.example"
        member.created_at = now - days(700)
    seed_member_postures(state, extra)
    del data_root

    identities = [
        IdentityKey("operator", "IAM user 'operator' (AdministratorAccess) in acme-mgmt: the identity rootkeeper runs as",
                    management, operator.access_key_id, operator.secret_access_key),
        IdentityKey("root", "the root user of acme-mgmt, through its old active root access key",
                    management, active_key.access_key_id, active_key.secret_access_key),
        IdentityKey("breakglass", "IAM user 'breakglass' (admin, console password, no MFA) in acme-mgmt",
                    management, breakglass.access_key_id, breakglass.secret_access_key),
        IdentityKey("auditor", "IAM user 'auditor' (read-only: reads the posture, may change nothing) in acme-mgmt",
                    management, auditor.access_key_id, auditor.secret_access_key),
        IdentityKey("prod-root", "the root user of member acme-prod, through its root access key",
                    "314159265401", "AKIAACMEPRODROOT0001", fixed_secret("prod-root")),
    ]
    custodians = [Custodian("Dana Reyes", "root custodian, holds the root mailbox", leaving=True),
                  Custodian("Sam Okafor", "root custodian, head of platform"),
                  Custodian("security@acme.example", "shared security mailbox")]
    return SeededScenario("acme", management, [a for a, _ in named + extra], identities, custodians)



def seed_acme_central_off(state: WorldState, extra_accounts: int = 0) -> SeededScenario:
    """acme before anyone turned centralized root access on: trusted access for IAM off, no features."""
    seeded = seed_acme(state, extra_accounts)
    org_backend = organizations_backends[seeded.management_account_id]["aws"]
    org_backend.services[:] = [s for s in org_backend.services if s.get("ServicePrincipal") != "iam.amazonaws.com"]
    state.organization_features.clear()
    seeded.name = "acme-central-off"
    return seeded
