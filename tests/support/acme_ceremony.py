"""Helpers of the delete-root-keys, rotate-root-password and alternate-contacts tests:
the acme scenario's ids, sessions as a named identity, and the posture's verdict on a control."""

from __future__ import annotations

MGMT = "314159265358"
PROD, DATA = "314159265401", "314159265402"
ROOT_KEY_ACTIVE, ROOT_KEY_INACTIVE = "AKIAACMEROOTKEY00001", "AKIAACMEROOTKEY00002"
PROD_ROOT_KEY = "AKIAACMEPRODROOT0001"


def session_as(world, name: str):
    from rootkeeper.aws.session import AwsSession

    return AwsSession(world.identities[name].target)


def control_status(session, control_id: str, now) -> str:
    """The posture's verdict on one control, read through the ordinary API."""
    from rootkeeper.aws.posture import read_root_posture
    from rootkeeper.core.findings import evaluate

    posture = read_root_posture(session, now=now, sleep=lambda seconds: None)
    return next(f.status.value for f in evaluate(posture, now) if f.control.id == control_id)


def start_ceremony(runbook, handlers_and_undo, identity, recorder, clock, **kwargs):
    from rootkeeper.core.ceremony import Ceremony

    handlers, undo = handlers_and_undo
    return Ceremony.start(runbook, identity=identity, handlers=handlers, undo_handlers=undo, recorder=recorder,
                          clock=clock, **kwargs)


def skipped_just_now(ceremony) -> list[str]:
    """The steps the engine skipped, as not applying, right after the latest step ran."""
    from rootkeeper.core.step_contract import Outcome

    skipped = []
    for result in reversed(ceremony.results):
        if result.outcome is not Outcome.SKIPPED:
            break
        skipped.insert(0, result.step_id)
    return skipped
