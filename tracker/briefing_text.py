"""A briefing as a document people read: Markdown to download, HTML to print."""

from __future__ import annotations

import html

from tracker.domain.entities import Action, Briefing, Item


def _amount(action: Action) -> str:
    if action.amounts is None or action.amounts.awarded is None:
        return ""
    return f" — awarded {action.amounts.awarded:,.0f} {action.amounts.currency}"


def _action_line(action: Action) -> str:
    sources = ", ".join(source.url for source in action.sources)
    court = f" ({action.court.name}, {action.court.outcome.value})" if action.court and action.court.outcome else ""
    return f"{action.date.isoformat()[: {'day': 10, 'month': 7, 'year': 4}[action.date_precision.value]]}: {action.title}{court}{_amount(action)}" + (
        f" [sources: {sources}]" if sources else ""
    )


def _item_line(item: Item) -> str:
    due = f", due {item.due_date.isoformat()}" if item.due_date else ""
    overdue = " — OVERDUE" if item.overdue else ""
    label = item.title or item.text[:100]
    return f"`{item.id}` {label} — {item.status.value.replace('_', ' ')}{due}{overdue}"


def to_markdown(briefing: Briefing) -> str:
    """The briefing as a Markdown document."""
    name = briefing.state.names.get("en", briefing.state.code)
    period = f"{briefing.since.isoformat() if briefing.since else 'the beginning'} to {briefing.until.isoformat()}"
    lines = [
        f"# Briefing: {name}",
        "",
        f"Period: {period}. Status as of {briefing.as_of.isoformat()}. Overdue items: {briefing.overdue}.",
        "",
    ]
    for section in briefing.themes:
        lines += [f"## {section.label}", ""]
        if section.outstanding:
            lines += ["Outstanding follow-up:", ""] + [f"- {_item_line(i)}" for i in section.outstanding] + [""]
        if section.upr_supported:
            lines += ["UPR recommendations the State supported:", ""] + [f"- {_item_line(i)}" for i in section.upr_supported] + [""]
        if section.actions:
            lines += ["State actions in the period:", ""] + [f"- {_action_line(a)}" for a in section.actions] + [""]
        if section.status_changes:
            lines += ["Status changes in the period:", ""] + [
                f"- {c.at.date().isoformat()}: `{c.item}` → {c.status.value.replace('_', ' ')}" for c in section.status_changes
            ] + [""]
    if briefing.cases:
        lines += ["## Annex: individual cases", ""]
        for case in briefing.cases:
            decision = case.decision
            lines += [f"### {decision.title} ({decision.body.value} {decision.communication})", ""]
            lines += [f"- remedy {_item_line(r)}" for r in case.remedies]
            lines += [f"- {_action_line(a)}" for a in case.actions]
            lines += [""]
    return "\n".join(lines).rstrip() + "\n"


def to_html(briefing: Briefing) -> str:
    """The briefing as a printable HTML page; every value is escaped."""
    out = ['<!doctype html><html lang="en"><head><meta charset="utf-8">',
           f"<title>Briefing: {html.escape(briefing.state.names.get('en', briefing.state.code))}</title>",
           "<style>body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto}"
           "@media print{body{margin:0;font-size:11pt}}.overdue{color:#a00;font-weight:bold}</style></head><body>"]
    for line in to_markdown(briefing).splitlines():
        if line.startswith("### "):
            out.append(f"<h3>{html.escape(line[4:])}</h3>")
        elif line.startswith("## "):
            out.append(f"<h2>{html.escape(line[3:])}</h2>")
        elif line.startswith("# "):
            out.append(f"<h1>{html.escape(line[2:])}</h1>")
        elif line.startswith("- "):
            text = html.escape(line[2:]).replace("— OVERDUE", '<span class="overdue">— OVERDUE</span>')
            out.append(f"<p>• {text}</p>")
        elif line:
            out.append(f"<p>{html.escape(line)}</p>")
    out.append("</body></html>")
    return "\n".join(out)
