"""Helpers the search, entity and document templates call (registered by their blueprints).

>>> section_label("Plan 2006 – 2009 > 8.0 Governance", "Plan 2006 – 2009")
'8.0 Governance'
>>> section_label("Plan 2006 – 2009", "Plan 2006 – 2009") is None
True
>>> section_label("Key Issues", "Plan")
'Key Issues'
"""

from __future__ import annotations

from ckg.web.money import money, money_text, short_money


def section_label(section: str | None, doc_title: str | None) -> str | None:
    """A passage's section path without the document's own title in front.

    Why: loaders start the heading path with the title block, so every quote would repeat the
    document's name just printed beside it ("Plan 2006 – 2009 · Plan 2006 – 2009 > 8.0 ...").
    """
    if not section:
        return None
    parts = [p.strip() for p in section.split(" > ")]
    if doc_title and parts and " ".join(parts[0].split()).lower() == " ".join(doc_title.split()).lower():
        parts = parts[1:]
    return " > ".join(parts) or None


TEMPLATE_GLOBALS = {
    "money": money,
    "short_money": short_money,
    "money_text": money_text,
    "section_label": section_label,
}
