"""What `rootkeeper org scan` prints: a table (members with root credentials first), JSON or
CSV, the summary line, and the progress line on stderr."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from datetime import datetime

from rootkeeper.core.org_root import MemberRoot


def ordered(results: Sequence[MemberRoot]) -> list[MemberRoot]:
    """Members with root credentials first, then those that could not be read, then the clean."""
    def rank(member: MemberRoot) -> int:
        return 0 if member.has_credentials else (1 if not member.read else 2)

    return sorted(results, key=lambda m: (rank(m), m.account_id))


def summary(results: Sequence[MemberRoot], total: int) -> dict[str, int]:
    read = [m for m in results if m.read]
    return {
        "members": total,
        "read": len(read),
        "with_root_credentials": sum(1 for m in read if m.has_credentials),
        "no_root_credentials": sum(1 for m in read if not m.has_credentials),
        "unread": total - len(read),
        "passwords": sum(1 for m in read if m.password),
        "access_keys": sum(len(m.access_keys) for m in read),
        "mfa_devices": sum(len(m.mfa_devices) for m in read),
        "signing_certificates": sum(len(m.signing_certificates) for m in read),
    }


def summary_line(counts: dict[str, int]) -> str:
    line = (f"{counts['members']} member accounts: {counts['with_root_credentials']} with root credentials "
            f"({counts['passwords']} passwords, {counts['access_keys']} access keys, {counts['mfa_devices']} MFA "
            f"devices, {counts['signing_certificates']} signing certificates), {counts['no_root_credentials']} with "
            "no root credentials (the goal state)")
    return line + (f", {counts['unread']} not read." if counts["unread"] else ".")


def _cell(member: MemberRoot) -> str:
    if not member.read:
        return f"NOT READ: {member.error}"
    if not member.has_credentials:
        return "none"
    parts = (("password", 1 if member.password else 0), ("keys", len(member.access_keys)),
             ("mfa", len(member.mfa_devices)), ("certs", len(member.signing_certificates)))
    return ", ".join(name if count == 1 and name == "password" else f"{name} ({count})"
                     for name, count in parts if count)


def render_table(results: Sequence[MemberRoot], total: int, *, title: str) -> str:
    rows = [(m.account_id, m.name, _cell(m)) for m in ordered(results)]
    header = ("ACCOUNT", "NAME", "ROOT CREDENTIALS")
    width = max((len(row[1]) for row in [header, *rows]), default=4)
    lines = [title, ""] + [f"{a:<12}  {n:<{width}}  {c}" for a, n, c in [header, *rows]]
    return "\n".join([*lines, "", summary_line(summary(results, total))])


def member_json(member: MemberRoot) -> dict:
    return {"account_id": member.account_id, "name": member.name, "password": member.password,
            "access_keys": list(member.access_keys), "mfa_devices": list(member.mfa_devices),
            "signing_certificates": list(member.signing_certificates), "error": member.error}


def member_from_json(item: dict) -> MemberRoot:
    return MemberRoot(item["account_id"], item["name"], password=item.get("password"),
                      access_keys=tuple(item.get("access_keys", ())), mfa_devices=tuple(item.get("mfa_devices", ())),
                      signing_certificates=tuple(item.get("signing_certificates", ())), error=item.get("error"))


def render_json(results: Sequence[MemberRoot], total: int, *, management_account_id: str, rehearsal: bool,
                scanned_at: datetime, complete: bool) -> str:
    return json.dumps({"management_account_id": management_account_id, "rehearsal": rehearsal,
                       "scanned_at": scanned_at.isoformat(), "complete": complete,
                       "members": [member_json(m) for m in ordered(results)],
                       "summary": summary(results, total)}, indent=2)


def render_csv(results: Sequence[MemberRoot]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["account_id", "name", "root_credentials", "password", "access_keys", "mfa_devices",
                     "signing_certificates", "error"])
    for m in ordered(results):
        writer.writerow([m.account_id, m.name, " ".join(m.credentials) if m.read else "",
                         "" if m.password is None else str(m.password).lower(), " ".join(m.access_keys),
                         " ".join(m.mfa_devices), " ".join(m.signing_certificates), m.error or ""])
    return out.getvalue().rstrip("\n")


def progress_bar(done: int, total: int, found: int, unread: int, seconds: float, width: int = 30) -> str:
    filled = int(width * done / total) if total else width
    return (f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} members, {found} with root credentials, "
            f"{unread} not read, {seconds:.0f} s")


def progress_line(done: int, total: int, found: int, unread: int, seconds: float) -> str:
    return (f"org scan: {done}/{total} members read ({found} with root credentials, {unread} not read), "
            f"{seconds:.0f} s")
