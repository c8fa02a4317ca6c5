"""Who rootkeeper is acting as."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass


class PrincipalKind(enum.Enum):
    ROOT = "root"  # the root user's own credentials (root access key, console session)
    ASSUMED_ROOT = "assumed-root"  # a sts:AssumeRoot session on a member account
    IAM_USER = "iam-user"
    ROLE = "role"  # an assumed IAM role (SSO permission sets included)
    OTHER = "other"  # federated users and anything else

    @property
    def is_root(self) -> bool:
        return self in (PrincipalKind.ROOT, PrincipalKind.ASSUMED_ROOT)


_ROOT_ARN = re.compile(r"^arn:aws[\w-]*:iam::(\d{12}):root$")


def principal_kind_of(arn: str) -> PrincipalKind:
    """Classify a GetCallerIdentity ARN. AssumeRoot sessions also report the root ARN;
    the gateway that assumed root marks those itself."""
    if _ROOT_ARN.match(arn):
        return PrincipalKind.ROOT
    resource = arn.split(":", 5)[-1] if arn.count(":") >= 5 else ""
    if resource.startswith("user/"):
        return PrincipalKind.IAM_USER
    if resource.startswith("assumed-role/") or resource.startswith("role/"):
        return PrincipalKind.ROLE
    return PrincipalKind.OTHER


@dataclass(frozen=True)
class Identity:
    """The caller, as GetCallerIdentity and ListAccountAliases describe it."""

    account_id: str
    arn: str
    kind: PrincipalKind
    alias: str | None = None
    task_policy: str | None = None  # for ASSUMED_ROOT: the task policy ARN in force

    @property
    def name(self) -> str:
        """A short label: 'root', the user name, or the role/session."""
        if self.kind.is_root:
            return "root"
        return self.arn.split(":", 5)[-1].split("/", 1)[-1]

    @property
    def account_label(self) -> str:
        return f"{self.alias} ({self.account_id})" if self.alias else self.account_id
