"""`rootkeeper rehearse --drill RUNBOOK_ID` refuses, before any world starts, a runbook that is
not a break-glass one, naming those that are."""

from __future__ import annotations

from rootkeeper.cli import main


def test_a_drill_of_a_runbook_that_is_not_break_glass_is_refused(capsys):
    assert main(["rehearse", "--drill", "rotate-root-password"]) == 2
    err = capsys.readouterr().err
    assert "'rotate-root-password' is not a break-glass runbook" in err and "reseal-after-break-glass" in err
