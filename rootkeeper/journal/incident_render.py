"""An incident's timeline as text to print: Markdown or one standalone HTML page (every value
escaped), in the manner of report_render.py; and the list of incidents."""

from __future__ import annotations

import html
from typing import Iterable

from rootkeeper.journal.incident_timeline import IncidentTimeline, TimelineLine
from rootkeeper.journal.incidents import Incident
from rootkeeper.journal.report_render import CHECK_HINT, _md_cell

HEADERS = ["seq", "when (UTC)", "ceremony", "runbook", "what", "outcome", "evidence", "who", "notes"]


def cells(line: TimelineLine) -> list[str]:
    return [str(line.cited.seq), line.cited.ts, line.ceremony, line.runbook, line.what, line.outcome,
            line.evidence, line.who, line.note]


def _facts(timeline: IncidentTimeline) -> list[tuple[str, str]]:
    incident = timeline.incident
    closed = (f"{incident.closed.ts} (seq {incident.closed.seq}): {incident.close_note or ''}"
              + (f" — witness {incident.closed_witness}" if incident.closed_witness else "")
              if incident.closed else "no: the incident is open")
    facts = [("Incident", incident.incident_id), ("Opened", f"{incident.opened.ts} (seq {incident.opened.seq})"),
             ("Runbooks", ", ".join(incident.runbooks) or "none"), ("Closed", closed),
             ("Journal", timeline.journal), ("Verification", timeline.verification.summary)]
    return facts + ([("Rehearsal", "yes: a rehearsal journal, practice, not evidence")] if timeline.rehearsal else [])


def render_markdown(timeline: IncidentTimeline) -> str:
    lines = [f"# Incident {timeline.incident.incident_id}", ""]
    lines += [f"- **{name}**: {_md_cell(value)}" for name, value in _facts(timeline)]
    lines += [f"- **Problem**: {_md_cell(problem)}" for problem in timeline.verification.problems]
    lines += ["", "## Timeline", "", "| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(_md_cell(cell) for cell in cells(line)) + " |" for line in timeline.lines]
    lines += ["", CHECK_HINT, ""]
    return "\n".join(lines)


def render_html(timeline: IncidentTimeline) -> str:
    e = lambda text: html.escape(str(text), quote=True)  # noqa: E731
    broken = "" if timeline.verification.ok else ' style="color:#b00;font-weight:bold"'
    facts = "".join(f"<tr><th>{e(k)}</th><td{broken if k == 'Verification' else ''}>{e(v)}</td></tr>"
                    for k, v in _facts(timeline))
    facts += "".join(f"<tr><th>Problem</th><td{broken}>{e(p)}</td></tr>" for p in timeline.verification.problems)
    head = "".join(f"<th>{e(h)}</th>" for h in HEADERS)
    rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in cells(line)) + "</tr>" for line in timeline.lines)
    title = e(f"Incident {timeline.incident.incident_id}")
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{title}</title><style>'
            "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #888;padding:4px;vertical-align:top;font-size:90%}</style></head><body>\n"
            f"<h1>{title}</h1>\n<table>{facts}</table>\n<h2>Timeline</h2>\n<table><tr>{head}</tr>{rows}</table>\n"
            f"<p>{e(CHECK_HINT)}</p>\n</body></html>\n")


def render(timeline: IncidentTimeline, fmt: str) -> str:
    return render_html(timeline) if fmt == "html" else render_markdown(timeline)


def render_list(incidents: Iterable[Incident]) -> str:
    incidents = list(incidents)
    if not incidents:
        return "No incident in this journal: a break-glass ceremony opens one.\n"
    rows = [f"{'incident':<18} {'opened (UTC)':<27} {'state':<7} runbooks"]
    rows += [f"{i.incident_id:<18} {i.opened.ts:<27} {i.state:<7} {', '.join(i.runbooks)}" for i in incidents]
    return "\n".join(rows) + "\n"
