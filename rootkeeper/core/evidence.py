"""How an outcome is known: the claim behind every ✔ (DESIGN.md, "Evidence")."""

from __future__ import annotations

import enum


class Evidence(enum.StrEnum):
    """How an outcome is known (DESIGN.md, "Evidence"): journaled with every step entry and
    shown beside it, so that a ✔ never stands for more than what backs it."""

    VERIFIED = "verified"  # read back from AWS by API
    PERFORMED = "performed"  # the app called AWS and AWS said yes
    REPORTED = "reported"  # the operator says they did it in the console
    ATTESTED = "attested"  # the operator, maybe with a witness, confirms a fact no API shows
    WITNESSED = "witnessed"  # a custodian's key co-signed it
    REHEARSED = "rehearsed"  # done in the rehearsal world's console simulator
    NONE = "none"  # nothing was done or observed: refused, skipped, aborted, changed nothing
