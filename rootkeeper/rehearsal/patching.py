"""Installing response handlers on moto's classes without changing plain moto.

moto's state and classes are process-wide; a rehearsal world is not. A handler installed
with ``install_world_handler`` serves the world's behaviour while a world runs, and moto's
own behaviour (or moto's "not implemented") when none does."""

from __future__ import annotations

import functools
from typing import Any, Callable

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.state import active


def install_world_handler(cls: type, handler: Callable[..., Any], *, service: str) -> None:
    name = handler.__name__
    original = getattr(cls, name, None)
    original = getattr(original, "__moto_original__", original)

    @functools.wraps(handler)
    def dispatch(self: Any) -> Any:
        if active() is not None:
            return handler(self)
        if original is not None:
            return original(self)
        raise aws_error(service, "InvalidAction", f"{name} is only served inside a rehearsal world.", 400)

    dispatch.__moto_original__ = original  # type: ignore[attr-defined]
    setattr(cls, name, dispatch)
