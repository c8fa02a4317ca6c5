"""The two-person rule at a ceremony's close: a ceremony with a witnessed step ends by
offering a custodian's co-signature of its "finished" journal entry (CosignScreen). The
witnesses are the custodians the roster gives an enrolled witness key; in rehearsal their
keys are simulated. Everything here reads or writes the journal: worker threads only,
except ``offer`` (the UI thread)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.widgets import Button

from rootkeeper.core.ceremony import Ceremony, CeremonyStatus


def needs_cosignature(ceremony: Ceremony, journal: Any) -> bool:
    """A finished ceremony with a witnessed step, journaled in the signed journal (a test's
    fake journal has no co-signatures)."""
    from rootkeeper.journal import Journal

    return (isinstance(journal, Journal) and ceremony.status is CeremonyStatus.FINISHED
            and any(step.needs_witness for step in ceremony.runbook.steps))


@dataclass(frozen=True)
class CosignOffer:
    challenge: str
    witnesses: tuple[tuple[str, str], ...]  # (custodian, public key)
    rehearsal: bool


def prepare(journal: Any, ceremony: Ceremony) -> CosignOffer | None:
    """The challenge of the ceremony's "finished" entry and who may co-sign it; None when no
    custodian has an enrolled witness key (the operator is told so)."""
    from rootkeeper.journal.cosign import challenge_of
    from rootkeeper.journal.roster import read_roster

    finished = [entry for entry in journal.entries() if entry.kind == "ceremony"
                and entry.body.get("ceremony_id") == ceremony.id and entry.body.get("event") == "finished"]
    witnesses = tuple((custodian.name, custodian.witness_public_key) for custodian in read_roster(journal).current
                      if custodian.witness_public_key)
    if not finished or not witnesses:
        return None
    return CosignOffer(challenge_of(finished[-1]), witnesses, bool(journal.rehearsal))


def offer(screen: Any, journal: Any, prepared: CosignOffer | None) -> None:
    """Open the co-signature dialog on ``screen`` (a CeremonyScreen), or say why there is none."""
    from rootkeeper.ui.cosign_screen import CosignScreen

    if prepared is None:
        screen.notify("No custodian has an enrolled witness key: this ceremony is witnessed by name only. "
                      "Enroll witness keys by onboarding the custodians.", severity="warning")
        return
    simulate = None
    if prepared.rehearsal:
        from rootkeeper.journal.witness_keys import simulated_signature

        simulate = simulated_signature

    def append(name: str, public_key: str, signature: str) -> Any:
        return journal.append_witness(name=name, public_key=public_key, challenge=prepared.challenge,
                                      signature=signature)

    def done(entry: Any) -> None:
        if entry is not None:
            screen.notify(f"Co-signed: the witness's signature is journaled (seq {entry.seq}).")

    screen.app.push_screen(CosignScreen(prepared.challenge, prepared.witnesses, append=append, simulate=simulate,
                                        what="the end of this ceremony"), done)


class CosignButton(Button):
    """On a finished witnessed ceremony's ending: opens the co-signature dialog (again, if the
    witness was not ready the first time)."""

    def __init__(self, ceremony: Ceremony, journal: Any) -> None:
        super().__init__("A witness co-signs…", id="cosign", variant="primary")
        self.ceremony, self.journal = ceremony, journal

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        screen, journal, ceremony = self.screen, self.journal, self.ceremony
        screen.perform("Reading the roster…", lambda: prepare(journal, ceremony),
                       lambda prepared: offer(screen, journal, prepared))
