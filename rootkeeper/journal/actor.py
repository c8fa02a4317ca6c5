"""Who acted: the operator at the keyboard, the machine, and the AWS identity in use."""

from __future__ import annotations

import getpass
import socket
from dataclasses import asdict, dataclass
from typing import Any

from rootkeeper.core.identity import Identity


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # containers without a passwd entry
        return "unknown"


@dataclass(frozen=True)
class Actor:
    operator: str | None  # the person's name, as they gave it; None when not given (never the OS login)
    os_user: str
    host: str
    aws_arn: str | None
    account_id: str | None

    @classmethod
    def current(cls, operator: str | None = None, identity: Identity | None = None) -> "Actor":
        os_user = _os_user()
        return cls(operator=operator or None, os_user=os_user, host=socket.gethostname(),
                   aws_arn=identity.arn if identity else None,
                   account_id=identity.account_id if identity else None)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
