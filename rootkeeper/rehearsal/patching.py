"""Installing world behaviour on moto without changing plain moto.

moto's state and classes are process-wide; a rehearsal world is not. A handler installed
with ``install_world_handler`` serves the world's behaviour while a world runs, and moto's
own behaviour (or moto's "not implemented") when none does. It installs on a class (a
response handler, a method of moto's request machinery) or on a module (a function moto
looks up by name at call time), and passes the arguments through."""

from __future__ import annotations

import functools
from typing import Any, Callable

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.state import active


def install_world_handler(owner: Any, handler: Callable[..., Any], *, service: str, name: str | None = None) -> None:
    name = name or handler.__name__
    original = getattr(owner, name, None)
    original = getattr(original, "__moto_original__", original)

    @functools.wraps(handler)
    def dispatch(*args: Any, **kwargs: Any) -> Any:
        if active() is not None:
            return handler(*args, **kwargs)
        if original is not None:
            return original(*args, **kwargs)
        raise aws_error(service, "InvalidAction", f"{name} is only served inside a rehearsal world.", 400)

    dispatch.__moto_original__ = original  # type: ignore[attr-defined]
    setattr(owner, name, dispatch)


def moto_original(owner: Any, name: str) -> Callable[..., Any]:
    """What moto itself does for ``name``, for a world handler that extends it."""
    current = getattr(owner, name)
    return getattr(current, "__moto_original__", current)
