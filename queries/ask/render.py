"""The ``ask`` answer as readable terminal text (``ckg ask`` without ``--json``)."""

from __future__ import annotations

import textwrap
from typing import Any


def render_text(answer: dict[str, Any], width: int = 100) -> str:
    lines = [f"Q: {answer['question']}"]
    if answer.get("intent"):
        lines[0] += f"   [{answer['intent']}]"
    if not answer.get("answers"):
        lines.append(answer.get("message") or "No answer found.")
        for p in answer.get("passages", []):
            lines.append(_quote(p.get("quote", ""), width))
            lines.append(f"      — {p.get('document')}" + (f", {p['section']}" if p.get("section") else ""))
        return "\n".join(lines)
    for i, a in enumerate(answer["answers"], 1):
        lines.append("")
        lines.append(f"{i}. {a['label']}   (score {a['score']:.2f})")
        if a.get("why"):
            lines.extend(textwrap.wrap(a["why"], width, initial_indent="   ", subsequent_indent="   "))
        for ev in a.get("evidence", [])[:2]:
            lines.append(_quote(ev["quote"], width))
            where = ev["document"] + (f" > {ev['section']}" if ev.get("section") else "")
            lines.extend(textwrap.wrap(where, width, initial_indent="      — ", subsequent_indent="        "))
    return "\n".join(lines)


def _quote(text: str, width: int) -> str:
    text = " ".join(text.split())
    if len(text) > 400:
        text = text[:397] + "..."
    return "\n".join(textwrap.wrap(f"“{text}”", width, initial_indent="   ", subsequent_indent="    "))
