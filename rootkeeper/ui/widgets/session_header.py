"""The bar at the top of every screen: where we are and who we are.

The rehearsal band and the root badge are meant to be impossible to miss: an operator
must never confuse a rehearsal with real AWS, nor forget they are holding root.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from rootkeeper.core.environment import Environment
from rootkeeper.core.identity import Identity, PrincipalKind


def rehearsal_banner(scenario: str | None) -> str:
    return f"REHEARSAL — {scenario or 'rehearsal world'} — nothing here touches real AWS"


def describe_identity(identity: Identity) -> Text:
    """'Account acme (1234…) · IAM user operator', with root shouted."""
    text = Text()
    text.append("Account ", style="dim")
    text.append(identity.alias or "no alias", style="bold")
    text.append(f" ({identity.account_id})")
    text.append("  ·  ", style="dim")
    if identity.kind is PrincipalKind.ROOT:
        text.append(" ⚠ ROOT USER ", style="bold reverse red")
        text.append(" signed in as root: every action has full power", style="bold red")
    elif identity.kind is PrincipalKind.ASSUMED_ROOT:
        policy = (identity.task_policy or "").rsplit("/", 1)[-1] or "unknown task policy"
        text.append(" ⚠ ASSUMED ROOT ", style="bold reverse red")
        text.append(f" sts:AssumeRoot session, task policy {policy}", style="bold red")
    elif identity.kind is PrincipalKind.IAM_USER:
        text.append("IAM user ", style="dim")
        text.append(identity.name, style="bold")
    elif identity.kind is PrincipalKind.ROLE:
        text.append("role ", style="dim")
        text.append(identity.name, style="bold")
    else:
        text.append(identity.arn, style="bold")
    return text


class SessionHeader(Vertical):
    """Follows the app's ``environment``, ``identity`` and ``connection_note`` reactives."""

    def compose(self) -> ComposeResult:
        yield Static(id="rehearsal-band")
        yield Static(id="identity-line")

    def on_mount(self) -> None:
        self.watch(self.app, "environment", self._show_environment)
        self.watch(self.app, "expected_scenario", self._show_environment)
        self.watch(self.app, "identity", self._show_identity)
        self.watch(self.app, "connection_note", self._show_identity)

    def _show_environment(self, _value: object = None) -> None:
        environment: Environment | None = getattr(self.app, "environment", None)
        if environment is not None:
            rehearsal, scenario = environment.rehearsal, environment.scenario
        else:  # not started yet: trust what the command line asked for
            scenario = getattr(self.app, "expected_scenario", None)
            rehearsal = scenario is not None
        band = self.query_one("#rehearsal-band", Static)
        band.display = rehearsal
        band.update(rehearsal_banner(scenario))

    def _show_identity(self, _value: object = None) -> None:
        identity: Identity | None = getattr(self.app, "identity", None)
        line = self.query_one("#identity-line", Static)
        if identity is not None:
            line.update(describe_identity(identity))
        else:
            line.update(Text(getattr(self.app, "connection_note", "") or "Connecting…", style="italic"))
