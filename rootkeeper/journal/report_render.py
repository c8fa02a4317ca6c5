"""The ceremony report as text to print: Markdown (plain) or one standalone HTML page
(every value escaped). Both say the same things in the same order; see report.py."""

from __future__ import annotations

import html

from rootkeeper.journal.report import CeremonyRecord, Cited, Cosignature, StepLine

FORMATS = ("md", "html")
CHECK_HINT = ("Each cited line hash is the SHA-256 of that journal line as written: check it against an "
              "export (`rootkeeper audit export DIR`, then `sha256sum` of the line, or `sh verify.sh`).")


def _cite(cited: Cited | None) -> str:
    return f"seq {cited.seq}, {cited.ts}, line SHA-256 {cited.line_hash}" if cited else "not in the journal"


def _witness(step: StepLine) -> str:
    parts = [step.witnessed_by] if step.witnessed_by else []
    parts += [_cosign(c) for c in step.cosignatures]
    return "; ".join(parts) or "none"


def _cosign(cosign: Cosignature) -> str:
    return f"{cosign.name} co-signed with key {cosign.fingerprint} (seq {cosign.cited.seq})"


def _ended(record: CeremonyRecord) -> str:
    if record.ended is None:
        return "not finished (no finished, aborted or cleaned-up entry)"
    return f"{record.ended.event}: {_cite(record.ended.cited)}"


def _facts(record: CeremonyRecord) -> list[tuple[str, str]]:
    return [("Ceremony", record.ceremony_id), ("Runbook", f"{record.title} ({record.runbook})"),
            ("Run by", "; ".join(record.actors) or "unknown"), ("Started", _cite(record.started)),
            ("Ended", _ended(record)), ("Journal", record.journal), ("Journal key", record.journal_key),
            ("Verification", record.verification.summary)] + (
        [("Rehearsal", "yes: a rehearsal journal, practice, not evidence")] if record.rehearsal else [])


def _step_cells(step: StepLine) -> list[str]:
    return [str(step.cited.seq), step.cited.ts, f"{step.title} ({step.step})", step.step_kind, step.outcome,
            step.evidence_kind, step.attested_by or "", _witness(step), step.note or "", step.cited.line_hash]


STEP_HEADERS = ["seq", "when (UTC)", "step", "kind", "outcome", "evidence", "attested by", "witness", "note",
                "line SHA-256"]


# ---- Markdown -----------------------------------------------------------------------------

def _md_cell(text: str) -> str:
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(record: CeremonyRecord) -> str:
    lines = [f"# Ceremony report: {_md_cell(record.title)}", ""]
    lines += [f"- **{name}**: {_md_cell(value)}" for name, value in _facts(record)]
    lines += [f"- **Problem**: {_md_cell(problem)}" for problem in record.verification.problems]
    lines += ["", "## Steps", ""]
    if record.steps:
        lines += ["| " + " | ".join(STEP_HEADERS) + " |", "|" + "---|" * len(STEP_HEADERS)]
        lines += ["| " + " | ".join(_md_cell(cell) for cell in _step_cells(step)) + " |" for step in record.steps]
    else:
        lines.append("No step was recorded.")
    for step in record.steps:
        for what, text in step.kept:
            lines += ["", f"## Kept for the record: {what} (seq {step.cited.seq}, {_md_cell(step.title)})", "",
                      "```", *text.splitlines(), "```"]
    lines += ["", "## Ceremony events", ""]
    lines += [f"- {_md_cell(e.event)}{': ' + _md_cell(e.note) if e.note else ''} ({_cite(e.cited)})"
              for e in record.events] or ["None recorded."]
    lines += ["", "## Witness co-signatures", ""]
    lines += [f"- {_md_cell(c.name)}, key fingerprint {c.fingerprint}, of seq {c.of_seq} ({_cite(c.cited)})"
              for c in record.cosignatures] or ["None in the journal (a witness named on a step typed their name)."]
    lines += ["", "## Notes", ""]
    lines += [f"- {_md_cell(n.text)} — {_md_cell(n.by)} ({_cite(n.cited)})" for n in record.notes] or ["None."]
    lines += ["", CHECK_HINT, ""]
    return "\n".join(lines)


# ---- HTML ---------------------------------------------------------------------------------

_STYLE = ("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
          "td,th{border:1px solid #888;padding:4px;vertical-align:top;font-size:90%}"
          "code{font-size:85%;word-break:break-all}.broken{color:#b00;font-weight:bold}")


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_list(items: list[str], empty: str) -> str:
    if not items:
        return f"<p>{_e(empty)}</p>"
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def render_html(record: CeremonyRecord) -> str:
    state = "" if record.verification.ok else ' class="broken"'
    facts = "".join(f"<tr><th>{_e(name)}</th><td{state if name == 'Verification' else ''}>{_e(value)}</td></tr>"
                    for name, value in _facts(record))
    facts += "".join(f'<tr><th>Problem</th><td class="broken">{_e(p)}</td></tr>'
                     for p in record.verification.problems)
    head = "".join(f"<th>{_e(h)}</th>" for h in STEP_HEADERS)
    rows = "".join("<tr>" + "".join(f"<td>{_e(cell)}</td>" for cell in _step_cells(step)[:-1])
                   + f"<td><code>{_e(step.cited.line_hash)}</code></td></tr>" for step in record.steps)
    steps = f"<table><tr>{head}</tr>{rows}</table>" if record.steps else "<p>No step was recorded.</p>"
    events = _html_list([f"{_e(ev.event)}{': ' + _e(ev.note) if ev.note else ''} ({_e(_cite(ev.cited))})"
                         for ev in record.events], "None recorded.")
    cosigns = _html_list([f"{_e(c.name)}, key fingerprint <code>{_e(c.fingerprint)}</code>, of seq {_e(c.of_seq)} "
                          f"({_e(_cite(c.cited))})" for c in record.cosignatures],
                         "None in the journal (a witness named on a step typed their name).")
    kept = "".join(f"<h2>Kept for the record: {_e(what)} (seq {step.cited.seq}, {_e(step.title)})</h2>\n"
                   f"<pre>{_e(text)}</pre>\n" for step in record.steps for what, text in step.kept)
    notes = _html_list([f"{_e(n.text)} — {_e(n.by)} ({_e(_cite(n.cited))})" for n in record.notes], "None.")
    title = _e(f"Ceremony report: {record.title}")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f"<style>{_STYLE}</style></head><body>\n<h1>{title}</h1>\n<table>{facts}</table>\n"
            f"<h2>Steps</h2>\n{steps}\n{kept}<h2>Ceremony events</h2>\n{events}\n<h2>Witness co-signatures</h2>\n"
            f"{cosigns}\n<h2>Notes</h2>\n{notes}\n<p>{_e(CHECK_HINT)}</p>\n</body></html>\n")


def render(record: CeremonyRecord, fmt: str) -> str:
    return render_html(record) if fmt == "html" else render_markdown(record)
