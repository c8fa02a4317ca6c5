"""A member account's root credentials, as an Organizations scan reads them.

AssumeRoot with IAMAuditRootUserCredentials into each member lets the management account see
that member's root password (GetLoginProfile: NoSuchEntity means none), access keys, MFA
devices and signing certificates. A member with none of them is the goal state of
centralized root access, not a finding.
"""

from __future__ import annotations

from dataclasses import dataclass


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
