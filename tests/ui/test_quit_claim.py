"""The Quit key's help text makes no claim that is false for the app in use (issue #8 trial): joined
to `world serve` the world keeps running after quitting, and against AWS there is no world at all."""

from rootkeeper.ui.app import RootkeeperApp


def test_quit_does_not_claim_every_world_is_discarded():
    (quit_binding,) = [binding for binding in RootkeeperApp.BINDINGS if binding.action == "quit"]
    assert quit_binding.tooltip != "Leave rootkeeper (the rehearsal world is discarded)"
    assert "in-process rehearsal world" in quit_binding.tooltip
