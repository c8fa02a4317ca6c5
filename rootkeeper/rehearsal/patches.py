"""The world's one way of changing moto: declared patches, applied when a world starts.

Each module that extends moto declares ``PATCHES``, a list of ``Patch(owner, name,
replacement)``: the owner is a class, a module, an object or a route table (a dict), the
name an attribute (or key) of it. ``apply`` installs a list of them, once: applying again
changes nothing. ``revert`` takes every one off again (for tests).

moto's state and classes are process-wide; a rehearsal world is not. A replacement marked
``world_only`` (the default) serves while a world runs, and moto's own behaviour runs when
none does (or, where moto has none, an ``InvalidAction`` error of the patch's service), so
plain moto in the same process is unchanged. A replacement that extends moto reaches what it
replaced with ``original(owner, name)``. Nothing is changed by importing a module.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rootkeeper.rehearsal.aws_errors import aws_error
from rootkeeper.rehearsal.state import active

_NOTHING = object()  # the owner held nothing of its own under the name


@dataclass(frozen=True, eq=False)
class Patch:
    owner: Any
    name: str
    replacement: Any
    service: str = "iam"  # whose "not implemented" error a missing original raises
    world_only: bool = True  # False: installed as it is (a route, a table), in and out of worlds


@dataclass(frozen=True)
class _Installed:
    patch: Patch
    saved: Any  # what the owner itself held, to put back; _NOTHING if it held nothing
    original: Any  # what moto served under the name (inherited included), or None


_installed: dict[tuple[int, str], _Installed] = {}
_lock = threading.RLock()


def _own(owner: Any, name: str) -> Any:
    if isinstance(owner, dict):
        return owner.get(name, _NOTHING)
    return vars(owner).get(name, _NOTHING)


def _put(owner: Any, name: str, value: Any) -> None:
    if isinstance(owner, dict):
        if value is _NOTHING:
            owner.pop(name, None)
        else:
            owner[name] = value
    elif value is _NOTHING:
        delattr(owner, name)
    else:
        setattr(owner, name, value)


def apply(patches: Iterable[Patch]) -> None:
    """Install each patch not installed yet. Two different patches of one target are a bug."""
    with _lock:
        for patch in patches:
            key = (id(patch.owner), patch.name)
            installed = _installed.get(key)
            if installed is not None:
                if installed.patch is not patch:
                    raise RuntimeError(f"Two rehearsal patches replace {patch.name} of {patch.owner!r}.")
                continue
            saved = _own(patch.owner, patch.name)
            if isinstance(saved, (staticmethod, classmethod)):
                raise TypeError(f"{patch.name} of {patch.owner!r} is not a plain function: patch it another way.")
            if isinstance(patch.owner, dict):
                original = None if saved is _NOTHING else saved
            else:
                original = getattr(patch.owner, patch.name, None)
            value = _serving(patch, original) if patch.world_only else patch.replacement
            _installed[key] = _Installed(patch, saved, original)
            _put(patch.owner, patch.name, value)


def revert() -> None:
    """Put back what every installed patch replaced, last installed first."""
    with _lock:
        for installed in reversed(list(_installed.values())):
            _put(installed.patch.owner, installed.patch.name, installed.saved)
        _installed.clear()


def applied() -> bool:
    return bool(_installed)


def original(owner: Any, name: str) -> Callable[..., Any]:
    """What moto itself does for ``name``, for a replacement that extends it."""
    installed = _installed.get((id(owner), name))
    if installed is None:
        return owner[name] if isinstance(owner, dict) else getattr(owner, name)
    if installed.original is None:
        return _not_implemented(installed.patch)
    return installed.original


def _serving(patch: Patch, moto_own: Any) -> Callable[..., Any]:
    handler = patch.replacement
    fallback = moto_own if moto_own is not None else _not_implemented(patch)

    @functools.wraps(handler)
    def dispatch(*args: Any, **kwargs: Any) -> Any:
        if active() is not None:
            return handler(*args, **kwargs)
        return fallback(*args, **kwargs)

    return dispatch


def _not_implemented(patch: Patch) -> Callable[..., Any]:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        if active() is None:
            raise aws_error(patch.service, "InvalidAction", f"{patch.name} is only served inside a rehearsal world.")
        # a replacement that serves root only, asked by an IAM user, defers to moto, which has nothing
        raise aws_error(patch.service, "InvalidAction",
                        f"{patch.name} is not available in the rehearsal world for IAM users")

    return refuse
