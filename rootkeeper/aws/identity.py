"""Who the session is: GetCallerIdentity, plus the account alias when it may be read."""

from __future__ import annotations

from rootkeeper.aws.errors import aws_errors
from rootkeeper.aws.session import AwsSession
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.identity import Identity, PrincipalKind, principal_kind_of


def who_am_i(session: AwsSession) -> Identity:
    """The caller. Raises NoCredentialsError (and friends) when there is no usable identity;
    a missing or unreadable alias is simply None."""
    with aws_errors("find out who this identity is (sts:GetCallerIdentity)"):
        caller = session.client("sts").get_caller_identity()
    arn = caller["Arn"]
    kind = principal_kind_of(arn)
    task_policy = None
    if session.assumed_root is not None:
        # AssumeRoot sessions report the plain root ARN; only we know the task policy in force.
        kind = PrincipalKind.ASSUMED_ROOT
        task_policy = session.assumed_root.task_policy_arn
    return Identity(account_id=caller["Account"], arn=arn, kind=kind, alias=_alias(session),
                    task_policy=task_policy)


def _alias(session: AwsSession) -> str | None:
    try:
        with aws_errors("read the account alias"):
            aliases = session.client("iam").list_account_aliases().get("AccountAliases", [])
    except RootkeeperError:
        return None  # the alias is a nicety: denied or unavailable, the account id will do
    return aliases[0] if aliases else None
