"""Evidence clipped to a table row: the Posture and Custodians screens' tables show a few
lines of a finding's evidence and say when there is more."""

from __future__ import annotations

import textwrap


def clip_to_lines(text: str, width: int, lines: int = 2) -> str:
    """Word-wrap ``text`` into at most ``lines`` lines of ``width``, ending in "…" when cut:
    the table must show that there is more (the details panel shows all of it)."""
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) <= lines:
        return "\n".join(wrapped)
    kept = wrapped[:lines]
    kept[-1] = kept[-1][: width - 1].rstrip() + "…"
    return "\n".join(kept)
