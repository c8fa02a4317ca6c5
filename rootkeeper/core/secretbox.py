"""Secrets held in memory for as long as a ceremony step needs them, and no longer.

A SecretBox never shows its values in a repr, cannot be pickled or copied, and is
cleared by the engine as soon as no remaining step needs a secret. Python cannot wipe a
str from memory; dropping every reference is the best it can do.
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Iterator

# Below this length a secret (a six-digit TOTP code) is only matched as a whole token, so
# that a code which happens to appear inside an account id is not taken for a leak.
_SHORT_SECRET = 12


class SecretLeakError(RuntimeError):
    """A secret was about to be written to a file or the journal. A bug, never swallowed."""


class SecretBox:
    __slots__ = ("_values",)

    def __init__(self) -> None:
        self._values: dict[str, str] = {}

    def put(self, name: str, value: str) -> None:
        if not isinstance(value, str) or not value:
            raise ValueError(f"secret {name!r} must be a non-empty string")
        self._values[name] = value

    def get(self, name: str) -> str:
        try:
            return self._values[name]
        except KeyError:
            raise KeyError(f"secret {name!r} is not held (it is cleared once no step needs it)") from None

    def __contains__(self, name: object) -> bool:
        return name in self._values

    def names(self) -> frozenset[str]:
        return frozenset(self._values)

    def discard(self, names: Iterable[str]) -> None:
        for name in names:
            self._values.pop(name, None)

    def keep_only(self, names: Iterable[str]) -> None:
        keep = set(names)
        self.discard([name for name in self._values if name not in keep])

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[str]:
        raise TypeError("a SecretBox is not iterable; ask for a secret by name")

    def __repr__(self) -> str:
        return f"SecretBox(names={sorted(self._values)})"

    __str__ = __repr__

    def __reduce__(self):  # pickling, copy and deepcopy would all duplicate the secrets
        raise TypeError("a SecretBox cannot be pickled or copied")

    def leaked_in(self, text: str) -> list[str]:
        """The names of live secrets that appear in ``text`` (raw or JSON-escaped)."""
        return [name for name, value in self._values.items() if _appears(value, text)]

    def guard(self, text: str, *, where: str) -> None:
        """Raise SecretLeakError if any live secret appears in ``text``, about to go ``where``."""
        leaked = self.leaked_in(text)
        if leaked:
            raise SecretLeakError(f"refusing to write secret(s) {sorted(leaked)} to {where}")


def _appears(value: str, text: str) -> bool:
    forms = {value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1]}
    for form in forms:
        if len(value) >= _SHORT_SECRET:
            if form in text:
                return True
        elif re.search(r"(?<![0-9A-Za-z])" + re.escape(form) + r"(?![0-9A-Za-z])", text):
            return True
    return False
