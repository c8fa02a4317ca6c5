"""The roster of root custodians: who holds which root factor, folded from journal entries.

Roster changes are journal entries of kind "roster" (see the issue-10 roster format): each
body names an ACTION and a custodian. ``roster_from`` folds them, in journal order, into a
``Roster``; ``check_change`` says why a body may not be appended to a roster (before it is).
Pure: no journal, no AWS.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, replace
from datetime import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from rootkeeper.core.errors import ValidationError

ADD, REMOVE, MARK_LEAVING = "add", "remove", "mark-leaving"
ATTRIBUTE_DEVICE, RELEASE_DEVICE = "attribute-device", "release-device"
SET_FACTORS, ENROLL_WITNESS, REVIEW = "set-factors", "enroll-witness", "review"
ROSTER_ACTIONS = (ADD, REMOVE, MARK_LEAVING, ATTRIBUTE_DEVICE, RELEASE_DEVICE, SET_FACTORS, ENROLL_WITNESS, REVIEW)
DEVICE_KINDS = ("virtual", "hardware", "passkey")
FACTOR_FIELDS = ("password_access", "mailbox_member", "recovery_phone")
EVERYONE = "*"  # the "custodian" of a review entry
_FINGERPRINT = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class Custodian:
    """One person who holds (or held) root factors."""

    name: str
    since: str  # RFC 3339, as the "add" entry says
    email: str | None = None
    mfa_serials: tuple[str, ...] = ()
    device_kinds: tuple[str, ...] = ()  # beside mfa_serials: "virtual", "hardware" or "passkey"
    password_access: bool = False
    mailbox_member: bool = False
    recovery_phone: str | None = None
    witness_public_key: str | None = None  # base64 of the 32 raw Ed25519 bytes
    witness_fingerprint: str | None = None  # hex SHA-256 of the raw key
    leaving: bool = False
    removed: bool = False

    @property
    def devices(self) -> tuple[tuple[str, str], ...]:
        return tuple(zip(self.mfa_serials, self.device_kinds))


@dataclass(frozen=True)
class Roster:
    """Every custodian ever added (removed ones kept, marked), and the last review."""

    custodians: tuple[Custodian, ...] = ()
    last_review: datetime | None = None
    last_review_by: str | None = None

    @property
    def current(self) -> tuple[Custodian, ...]:
        return tuple(c for c in self.custodians if not c.removed)

    def by_name(self, name: str) -> Custodian | None:
        """The current custodian of that name (a removed one may be added again)."""
        return next((c for c in self.current if c.name == name), None)

    def holder_of(self, serial: str) -> Custodian | None:
        return next((c for c in self.current if serial in c.mfa_serials), None)

    def _with(self, custodian: Custodian) -> Roster:
        """``custodian`` in the place of the current one of that name (in the order added), or appended."""
        custodians = list(self.custodians)
        for index, held in enumerate(custodians):
            if held.name == custodian.name and not held.removed:
                custodians[index] = custodian
                break
        else:
            custodians.append(custodian)
        return replace(self, custodians=tuple(custodians))


def check_change(roster: Roster, body: Mapping[str, Any]) -> None:
    """Raise ValidationError (one sentence, with what to do) when ``body`` cannot change ``roster``."""
    if not isinstance(body, Mapping):
        raise ValidationError("A roster change must be a JSON object.")
    action, name = body.get("action"), body.get("custodian")
    if action not in ROSTER_ACTIONS:
        raise ValidationError(f"{action!r} is not a roster action.", hint=f"Use one of {', '.join(ROSTER_ACTIONS)}.")
    if not isinstance(name, str) or not name.strip():
        raise ValidationError(f"A roster {action} entry must name its custodian.")
    if action == REVIEW:
        if name != EVERYONE:
            raise ValidationError("A roster review covers every custodian: its custodian is \"*\".")
        _require_moment(body, "reviewed_at")
        _require_text(body, "by")
        return
    if action == ADD:
        if roster.by_name(name) is not None:
            raise ValidationError(f"{name} is already a custodian.", hint="Add each custodian once.")
        _require_moment(body, "since")
        return
    holder = roster.by_name(name)
    if holder is None:
        raise ValidationError(f"{name} is not a current custodian.", hint="Add them to the roster first.")
    if action == ATTRIBUTE_DEVICE:
        serial = _require_text(body, "serial")
        if body.get("device_kind") not in DEVICE_KINDS:
            raise ValidationError(f"The device kind must be one of {', '.join(DEVICE_KINDS)}, "
                                  f"not {body.get('device_kind')!r}.")
        other = roster.holder_of(serial)
        if other is not None:
            raise ValidationError(f"MFA device {serial} is already attributed to {other.name}.",
                                  hint="Release it from them first.")
    elif action == RELEASE_DEVICE:
        serial = _require_text(body, "serial")
        if serial not in holder.mfa_serials:
            raise ValidationError(f"{name} does not hold MFA device {serial}.")
    elif action == SET_FACTORS:
        _check_factors(body)
    elif action == ENROLL_WITNESS:
        _check_witness_key(body)


def apply_change(roster: Roster, body: Mapping[str, Any]) -> Roster:
    """The roster after a change ``check_change`` accepted."""
    action, name = body["action"], body["custodian"]
    if action == REVIEW:
        return replace(roster, last_review=_moment(body["reviewed_at"]), last_review_by=body.get("by"))
    if action == ADD:
        return roster._with(Custodian(name=name, since=body["since"], email=body.get("email")))
    held = roster.by_name(name)
    assert held is not None
    if action == REMOVE:
        return roster._with(replace(held, removed=True))
    if action == MARK_LEAVING:
        return roster._with(replace(held, leaving=True))
    if action == ATTRIBUTE_DEVICE:
        return roster._with(replace(held, mfa_serials=(*held.mfa_serials, body["serial"]),
                                    device_kinds=(*held.device_kinds, body["device_kind"])))
    if action == RELEASE_DEVICE:
        kept = [(s, k) for s, k in held.devices if s != body["serial"]]
        return roster._with(replace(held, mfa_serials=tuple(s for s, _ in kept),
                                    device_kinds=tuple(k for _, k in kept)))
    if action == SET_FACTORS:
        return roster._with(replace(held, **{f: body[f] for f in FACTOR_FIELDS if f in body}))
    return roster._with(replace(held, witness_public_key=body["public_key"], witness_fingerprint=body["fingerprint"]))


def roster_from(bodies: Iterable[Mapping[str, Any]]) -> Roster:
    """Fold roster entry bodies, in journal order. A body that does not apply (which
    ``append_roster`` would have refused: an entry written by hand) is skipped, not fatal."""
    roster = Roster()
    for body in bodies:
        try:
            check_change(roster, body)
        except ValidationError:
            continue
        roster = apply_change(roster, body)
    return roster


def _require_text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ValidationError(f"A roster {body.get('action')} entry needs a {name!r}.")
    return value


def _require_moment(body: Mapping[str, Any], name: str) -> datetime:
    moment = _moment(_require_text(body, name))
    if moment is None:
        raise ValidationError(f"{name!r} must be an RFC 3339 time with its offset, not {body.get(name)!r}.")
    return moment


def _moment(text: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _check_factors(body: Mapping[str, Any]) -> None:
    given = [f for f in FACTOR_FIELDS if f in body]
    if not given:
        raise ValidationError(f"A set-factors entry must set one of {', '.join(FACTOR_FIELDS)}.")
    for name in ("password_access", "mailbox_member"):
        if name in body and not isinstance(body[name], bool):
            raise ValidationError(f"{name!r} must be true or false.")
    phone = body.get("recovery_phone")
    if phone is not None and (not isinstance(phone, str) or not phone.strip()):
        raise ValidationError("'recovery_phone' must be a phone number, or null for none.")


def _check_witness_key(body: Mapping[str, Any]) -> None:
    try:
        raw = base64.b64decode(_require_text(body, "public_key"), validate=True)
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise ValidationError("A witness public key is the base64 of 32 raw Ed25519 bytes.")
    fingerprint = body.get("fingerprint")
    if not isinstance(fingerprint, str) or not _FINGERPRINT.match(fingerprint):
        raise ValidationError("A witness key's fingerprint is the hex SHA-256 of its raw bytes.")
    if hashlib.sha256(raw).hexdigest() != fingerprint:
        raise ValidationError("The witness key's fingerprint does not match its public key.")


# ---- builders: one per action ------------------------------------------------------------
def _body(action: str, name: str, ceremony_id: str | None, note: str | None, **fields: Any) -> dict[str, Any]:
    body = {"action": action, "custodian": name, **fields}
    for key, value in (("ceremony_id", ceremony_id), ("note", note)):
        if value is not None:
            body[key] = value
    return body


def add_body(name: str, since: str, email: str | None = None, *, ceremony_id: str | None = None,
             note: str | None = None) -> dict[str, Any]:
    fields = {"since": since} | ({"email": email} if email else {})
    return _body(ADD, name, ceremony_id, note, **fields)


def remove_body(name: str, *, ceremony_id: str | None = None, note: str | None = None) -> dict[str, Any]:
    return _body(REMOVE, name, ceremony_id, note)


def mark_leaving_body(name: str, *, ceremony_id: str | None = None, note: str | None = None) -> dict[str, Any]:
    return _body(MARK_LEAVING, name, ceremony_id, note)


def attribute_body(name: str, serial: str, kind: str, *, ceremony_id: str | None = None,
                   note: str | None = None) -> dict[str, Any]:
    return _body(ATTRIBUTE_DEVICE, name, ceremony_id, note, serial=serial, device_kind=kind)


def release_body(name: str, serial: str, *, ceremony_id: str | None = None, note: str | None = None) -> dict[str, Any]:
    return _body(RELEASE_DEVICE, name, ceremony_id, note, serial=serial)


_UNSET: Any = object()


def set_factors_body(name: str, *, password_access: bool | None = None, mailbox_member: bool | None = None,
                     recovery_phone: str | None = _UNSET, ceremony_id: str | None = None,
                     note: str | None = None) -> dict[str, Any]:
    """Only the factors given are set; ``recovery_phone=None`` says they have none."""
    fields: dict[str, Any] = {}
    if password_access is not None:
        fields["password_access"] = password_access
    if mailbox_member is not None:
        fields["mailbox_member"] = mailbox_member
    if recovery_phone is not _UNSET:
        fields["recovery_phone"] = recovery_phone
    return _body(SET_FACTORS, name, ceremony_id, note, **fields)


def enroll_witness_body(name: str, public_key: str, *, ceremony_id: str | None = None,
                        note: str | None = None) -> dict[str, Any]:
    """The fingerprint is computed here, from the key, so the two cannot disagree."""
    fingerprint = hashlib.sha256(base64.b64decode(public_key)).hexdigest()
    return _body(ENROLL_WITNESS, name, ceremony_id, note, public_key=public_key, fingerprint=fingerprint)


def review_body(reviewed_at: str, by: str, *, ceremony_id: str | None = None, note: str | None = None) -> dict[str, Any]:
    return _body(REVIEW, EVERYONE, ceremony_id, note, reviewed_at=reviewed_at, by=by)
