"""AWS refusing one IAM operation in every AssumeRoot session (AccessDenied), for the
refusal-half-way tests of the member-root gateway and its two callers."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import ClientError

from rootkeeper.aws.session import AwsSession


def refusing_in_member_roots(operation: str) -> Any:
    """A replacement for ``AwsSession.assume_root`` whose sessions' IAM client has ``operation``
    refused (monkeypatch it in)."""
    original = AwsSession.assume_root

    def assume(self: AwsSession, member: str, policy: str, duration: int = 900) -> AwsSession:
        root = original(self, member, policy, duration)

        def deny(**_: Any) -> None:
            raise ClientError({"Error": {"Code": "AccessDenied", "Message": f"{operation} denied"}}, operation)

        root.client("iam").meta.events.register(f"before-call.iam.{operation}", deny)
        return root

    return assume
