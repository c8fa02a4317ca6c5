"""A member account's root credentials, as AssumeRoot from the management account reads and
changes them.

AssumeRoot with IAMAuditRootUserCredentials into each member lets the management account see
that member's root password (GetLoginProfile: NoSuchEntity means none), access keys, MFA
devices and signing certificates. A member with none of them is the goal state of
centralized root access, not a finding. ``MemberRootDeletion`` and ``MemberPasswordRecovery``
say what a change did and what was read back after it; the recovery runbook and the bulk
remediation both report from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The kinds of root credential, as a deletion's outcome names them (the journal refuses a field
# named "password": the root password is its login profile, journaled as ["root"]).
CREDENTIAL_KINDS = ("login_profile", "access_keys", "signing_certificates", "mfa_devices")


@dataclass(frozen=True)
class MemberRoot:
    account_id: str
    name: str
    password: bool | None = None  # None: not read (error)
    access_keys: tuple[str, ...] = ()  # access key ids
    mfa_devices: tuple[str, ...] = ()  # serial numbers
    signing_certificates: tuple[str, ...] = ()  # certificate ids
    error: str | None = None  # why this member could not be read (then nothing above is known)

    @property
    def read(self) -> bool:
        return self.error is None

    @property
    def has_credentials(self) -> bool:
        return bool(self.password or self.access_keys or self.mfa_devices or self.signing_certificates)

    @property
    def credentials(self) -> tuple[str, ...]:
        """The kinds of root credential present, for a table's cell: 'password', 'keys', 'mfa', 'certs'."""
        kinds = (("password", bool(self.password)), ("keys", bool(self.access_keys)),
                 ("mfa", bool(self.mfa_devices)), ("certs", bool(self.signing_certificates)))
        return tuple(kind for kind, present in kinds if present)

    def by_kind(self) -> dict[str, list[str]]:
        """Kind (``CREDENTIAL_KINDS``) -> ids, every kind present, empty where there is none."""
        return {"login_profile": ["root"] if self.password else [], "access_keys": list(self.access_keys),
                "signing_certificates": list(self.signing_certificates), "mfa_devices": list(self.mfa_devices)}

    def to_json(self) -> dict[str, Any]:
        return {"member_account_id": self.account_id, "password": self.password,
                "access_keys": list(self.access_keys), "mfa_devices": list(self.mfa_devices),
                "signing_certificates": list(self.signing_certificates)}


@dataclass(frozen=True)
class MemberRootDeletion:
    """What deleting a member's root credentials deleted, and what a fresh audit session saw after."""

    account_id: str
    password_deleted: bool = False
    access_keys_deleted: tuple[str, ...] = ()
    signing_certificates_deleted: tuple[str, ...] = ()
    mfa_devices_deactivated: tuple[str, ...] = ()
    virtual_mfa_devices_deleted: tuple[str, ...] = ()  # deactivated, then deleted: no orphan device
    sessions_renewed: int = 0
    remaining: MemberRoot | None = None  # read back afterwards (None only if not read)
    error: str | None = None  # AWS refused a call after something was deleted: the rest was not done

    @property
    def deleted_anything(self) -> bool:
        return bool(self.password_deleted or self.access_keys_deleted or self.signing_certificates_deleted
                    or self.mfa_devices_deactivated)

    @property
    def complete(self) -> bool:
        """A fresh audit session saw no root credential left."""
        return self.remaining is not None and self.remaining.read and not self.remaining.has_credentials

    def deleted_by_kind(self) -> dict[str, list[str]]:
        """Kind (``CREDENTIAL_KINDS``) -> what was deleted, only the kinds something was deleted of."""
        kinds = {"login_profile": ["root"] if self.password_deleted else [],
                 "access_keys": list(self.access_keys_deleted),
                 "signing_certificates": list(self.signing_certificates_deleted),
                 "mfa_devices": list(self.mfa_devices_deactivated)}
        return {kind: items for kind, items in kinds.items() if items}

    def to_json(self) -> dict[str, Any]:
        body = {"member_account_id": self.account_id, "password_deleted": self.password_deleted,
                "access_keys_deleted": list(self.access_keys_deleted),
                "signing_certificates_deleted": list(self.signing_certificates_deleted),
                "mfa_devices_deactivated": list(self.mfa_devices_deactivated),
                "virtual_mfa_devices_deleted": list(self.virtual_mfa_devices_deleted),
                "sessions_renewed": self.sessions_renewed,
                "remaining": self.remaining.to_json() if self.remaining else None}
        return {**body, "error": self.error} if self.error else body


@dataclass(frozen=True)
class MemberPasswordRecovery:
    """What allowing password recovery did, read back with GetLoginProfile."""

    account_id: str
    created: bool  # False: a login profile existed already, nothing was changed
    login_profile_created_at: datetime | None = field(default=None)
