"""One place the UI asks for a runbook's handlers. Each runbook with behaviour registers
one builder here: (environment, session, clock) -> (handlers, undo_handlers)."""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType
from typing import Callable, Mapping

from rootkeeper.aws.session import AwsSession
from rootkeeper.ceremonies.contacts import build_alternate_contacts
from rootkeeper.ceremonies.mfa import Handlers, iam_user_mfa_handlers, root_mfa_handlers
from rootkeeper.ceremonies.root_keys import build_delete_root_keys
from rootkeeper.ceremonies.root_password import build_rotate_root_password
from rootkeeper.core.environment import Environment
from rootkeeper.core.errors import RootkeeperError
from rootkeeper.core.runbooks import mfa

Clock = Callable[[], datetime]
HandlerBuilder = Callable[[Environment, AwsSession, Clock], Handlers]


def _root_mfa(environment: Environment, session: AwsSession, clock: Clock) -> Handlers:
    # Only the rehearsal world has a console simulator; against AWS the operator uses the console.
    console = environment.console if environment.rehearsal else None
    return root_mfa_handlers(session, console=console, clock=clock)


BUILDERS: Mapping[str, HandlerBuilder] = MappingProxyType({
    mfa.IAM_USER_VIRTUAL_MFA.id: lambda environment, session, clock: iam_user_mfa_handlers(session, clock=clock),
    mfa.ROOT_MFA.id: _root_mfa,
    "delete-root-keys": build_delete_root_keys,
    "rotate-root-password": build_rotate_root_password,
    "alternate-contacts": build_alternate_contacts,
})


def handlers_for(runbook_id: str, environment: Environment, session: AwsSession, clock: Clock) -> Handlers:
    """(handlers, undo_handlers) for ``runbook_id``, bound to ``session``."""
    builder = BUILDERS.get(runbook_id)
    if builder is None:
        raise RootkeeperError(f"rootkeeper cannot run the runbook {runbook_id!r} yet: its steps have no handlers.",
                              hint=f"Runbooks that run: {', '.join(sorted(BUILDERS))}.")
    return builder(environment, session, clock)
