"""How a record was read, and how sure that reading is: the extraction methods and their priors.

Every record names the *method* that made it, one of a handful of layouts the extractors
read (not one per function), and carries a *confidence* in [0, 1]. The graph writes these as
``prov:wasGeneratedBy ckgid:activity/extract/{key}`` and ``ckg:confidence``; the activities
themselves (label, what they do) are declared in ``ontology/ckg.ttl``.

The confidence is a fixed prior per method plus simple evidence the record carries, never
fitted to any gold: layouts that say what a text *is* (a table column headed "Provider", a
"Contact officer:" field, a name in the bundled lists of bodies) are surer than a list item
under a heading that names what it lists, which is surer than a sentence that happens to fit
a pattern. The priors are ordered by that argument and spaced evenly; each piece of
supporting evidence (``support``: the body it names is one the document defines or the
vocabulary lists, the amount parsed to an exact figure, a printed rank) adds 0.05, each
piece of doubt (``doubt``: no amount, a mangled table) takes 0.1 off. The result is clamped
to [0.05, 0.99] and rounded to two places. ``bench/extraction.py`` prints precision by
method and by confidence band, so whether the order holds is measured, not assumed.

>>> confidence("table-row")
0.9
>>> confidence("prose-pattern", support=2)
0.7
>>> confidence("implied", doubt=1)
0.4
>>> stronger("prose-pattern", "table-row")
'table-row'
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Method:
    key: str  # the activity IRI's last segment: ckgid:activity/extract/{key}
    label: str  # plain words, shown on entity pages ("read from a table row")
    prior: float  # confidence before evidence


# Ordered from the layout that says most about what a text is to the one that says least.
METHODS: dict[str, Method] = {
    m.key: m
    for m in (
        Method("table-row", "a table row", 0.9),
        Method("vocabulary", "the bundled lists of bodies and documents", 0.9),
        Method("header-block", "a header or contact block", 0.85),
        Method("acronym-definition", "an acronym's definition", 0.85),
        Method("labelled-line", "a heading or labelled line", 0.8),
        Method("list-item", "a list item under a heading or lead-in", 0.75),
        Method("name-pattern", "the shape of a name", 0.65),
        Method("prose-pattern", "a sentence pattern", 0.6),
        Method("mangled-table", "a table the conversion ran together", 0.5),
        Method("implied", "another record that names it", 0.5),
    )
}

SUPPORT_STEP = 0.05
DOUBT_STEP = 0.1


def confidence(method: str, support: int = 0, doubt: int = 0) -> float:
    """The prior of ``method``, plus 0.05 per piece of support, minus 0.1 per doubt, in [0.05, 0.99]."""
    value = METHODS[method].prior + SUPPORT_STEP * support - DOUBT_STEP * doubt
    return round(min(0.99, max(0.05, value)), 2)


def stronger(a: str | None, b: str | None) -> str | None:
    """Of two methods that read the same thing, the one with the higher prior (``a`` on a tie)."""
    if not a or not b:
        return a or b
    return b if METHODS[b].prior > METHODS[a].prior else a
