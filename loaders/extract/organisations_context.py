"""Bodies a sentence says are bodies, though their names carry no head noun ("Kangaroos", "Amaze").

Voluntary and private providers are often named in plain words, with no "Trust" or "Ltd" to
show it. What the sentence says about the name shows it instead, in a few shapes of general
English that any council's document uses:

- an apposition that says what it is: "Fenwick Friends, a local charity, ...",
  "Brightside, a third sector organisation";
- the agent of providing, running or delivering: "a short breaks scheme run by Fenwick Play",
  "the contract was awarded to Brightside", "a block contract with Elm Futures";
- the subject of a verb of provision at the start of a sentence: "Kangaroo Club provides
  short breaks", "Elm Lives has recently established a volunteering programme";
- a name listed beside bodies that carry a head noun: "Elm Care Ltd, Fenwick Placements and
  the Ashcombe Fostering Trust" (the unheaded name is a body of the same kind).

The name must look like one: capitalised words (a few joining words inside), at most six,
not a place alone, not a post or a person, and with a word that singles it out (a word the
document never prints in lower case, a place, an acronym) unless the apposition says outright
that it is an organisation.

>>> from ckg.loaders.text import load_string
>>> from ckg.loaders.extract.organisations_vocab import DocVocab
>>> doc = load_string("Brightside, a local charity, runs the group. Short breaks are run by Fenwick "
...                   "Play. Kangaroo Club provides sessions. We work with Elm Care Ltd, Willow "
...                   "Placements and the Ashcombe Fostering Trust.")
>>> [(b.name, b.kind) for b in context_bodies(doc, DocVocab.of(doc))]
[('Brightside', 'provider'), ('Fenwick Play', 'provider'), ('Kangaroo Club', 'provider'), ('Willow Placements', 'provider')]
"""

from __future__ import annotations

import re

from ckg.loaders.extract.organisations_lists import _PLACE_WORDS, ListItem
from ckg.loaders.extract.organisations_names import ROLE_WORDS, head_of, is_acronym, kind_of, wordset
from ckg.loaders.extract.organisations_vocab import GENERIC_WORDS, LEAD_JUNK, DocVocab
from ckg.loaders.sentences import sentence_spans
from ckg.loaders.structure import StructuredDocument

# A name: capitalised words, with "of", "for", "and", "&", "the" inside, up to six words.
_NAME = r"[A-Z][\w'’&!.-]*(?:\s+(?:(?:of|for|and|&|the|in|on)\s+[A-Z]|[A-Z0-9])[\w'’&!.-]*){0,5}"
_KIND_NOUN = (
    r"(?:organi[sz]ation|charity|provider|social\s+enterprise|company|community\s+interest\s+company|"
    r"voluntary\s+(?:organi[sz]ation|group)|community\s+group|support\s+group|agency|business|"
    r"not[- ]for[- ]profit(?:\s+organi[sz]ation)?)"
)
_KIND_ADJ = (
    r"(?:(?:local|national|small|large|registered|regional|independent|voluntary|community|third[- ]sector|"
    r"not[- ]for[- ]profit|user[- ]led|parent[- ]led|family[- ]led|charitable|private|specialist|"
    r"county[- ]wide|countywide|well[- ]established)\s+)*"
)
# "Brightside, a local charity": the apposition says what the name is
_APPOSITION = re.compile(
    r"(?P<name>" + _NAME + r"),?\s+(?:is\s+)?(?:a|an)\s+" + _KIND_ADJ + _KIND_NOUN + r"\b"
)
# "run by Fenwick Play", "awarded the contract ... to Brightside", "a block contract with Elm Futures"
_AGENT = re.compile(
    r"\b(?:(?:run|provided|delivered|operated|managed|supplied|facilitated|commissioned)\s+(?:by|from)|"
    r"(?:contract|grant|funding)(?:\s+[\w£,.()-]+){0,10}?\s+(?:to|with)|awarded(?:\s+[\w£,.()-]+){0,10}?\s+to|"
    r"in\s+partnership\s+with)\s+(?:the\s+)?(?P<name>" + _NAME + r")"
    # "working with Elm Homes to develop ...": a partner in a piece of work
    r"|\bwork(?:s|ing)?\s+with\s+(?:the\s+)?(?P<partner>" + _NAME + r")\s+to\s+[a-z]"
)
# "Kangaroo Club provides short breaks": a name leading a sentence, then a verb of provision
_SUBJECT = re.compile(
    r"(?:the\s+)?(?P<name>" + _NAME + r")\s+(?:also\s+|currently\s+|now\s+)?"
    r"(?:provides?|runs?|delivers?|offers?|operates?|leads?|supports?|organises?|hosts?|"
    r"has\s+(?:recently\s+)?(?:established|set\s+up|developed|launched|opened|a\s+(?:small\s+)?stock)|"
    r"is\s+(?:commissioned|funded|contracted)|was\s+(?:commissioned|funded|contracted))\b"
)
# where a clause starts: the sentence's start, or after a semicolon
_CLAUSE = re.compile(r"^|;\s+(?:and\s+|but\s+|while\s+)?")
# "provided by Jo Bloggs, Finance Business Partner": a person and their post
_POST_AFTER = re.compile(
    r",?\s+(?:[A-Z][\w'’-]*\s+){0,4}(?:"
    + "|".join(sorted(ROLE_WORDS))
    + r")\b|\s+\((?:[\w'’-]+\s+){0,4}(?i:"
    + "|".join(sorted(ROLE_WORDS))
    + r")\b"
)
_PERSON_TITLE = re.compile(
    r"^(?:Dr|Mr|Mrs|Ms|Miss|Mx|Cllr|Councillor|Professor|Prof|Sir|Dame|Lord|Lady)\b\.?"
)
_NOT_A_NAME = wordset(
    "council councils authority government department service services team teams board partnership "
    "school schools nhs ccg icb pct trust trusts providers provider agencies agency they we it this"
)


def _clean(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip(" ,.;:")
    name = re.sub(r"^(?:the|a|an)\s+", "", name, flags=re.I)
    while name and name.split()[-1].lower() in ("and", "of", "for", "the", "in", "on", "&"):
        name = name.rsplit(" ", 1)[0] if " " in name else ""
    return name


def _looks_like_name(name: str, vocab: DocVocab, need_distinct: bool) -> bool:
    words = re.findall(r"[\w'’&!.-]+", name)
    if not words or len(words) > 6 or _PERSON_TITLE.match(name):
        return False
    low = [w.lower().rstrip(".") for w in words]
    if low[0] in LEAD_JUNK or all(w in _NOT_A_NAME or w in GENERIC_WORDS for w in low):
        return False
    if any(w.rstrip(".") in ROLE_WORDS for w in words):
        return False  # a post: "Head of Service"
    if name in vocab.places or all(
        w in vocab.places or w in _PLACE_WORDS or w.lower() in ("and", "of") for w in words
    ):
        return False  # a place: "West Sussex", "Oxford City"
    if all(is_acronym(w) or re.fullmatch(r"[A-Z&'’]+", w) for w in words):
        return False  # an acronym the document does not spell out names no body it can name
    if re.search(r"[a-z](?:ed|ing|ly)$", words[-1]):
        return False  # a verb or an adverb: "Strengthened support for ..."
    if not need_distinct:
        return True
    return any(vocab.distinctive(w) for w in words if w.lower() not in ("and", "of", "for", "the", "&"))


def _kind(name: str) -> str:
    k = kind_of(name) if head_of(name) else "provider"
    return "provider" if k == "other" else k


def context_bodies(doc: StructuredDocument, vocab: DocVocab) -> list[ListItem]:
    """Bodies named by what a sentence says of them, in document order."""
    text = doc.text
    out: list[ListItem] = []
    seen: set[tuple[int, int]] = set()

    def take(name: str, start: int, need_distinct: bool, kind: str | None = None) -> None:
        clean = _clean(name)
        if not clean:
            return
        at = text.find(clean, start)
        if at < 0 or (at, at + len(clean)) in seen or not _looks_like_name(clean, vocab, need_distinct):
            return
        seen.add((at, at + len(clean)))
        out.append(ListItem(clean, at, at + len(clean), kind or _kind(clean)))

    for b in doc.blocks:
        if b.kind not in ("paragraph", "list_item"):
            continue
        for a, z in sentence_spans(b.text):
            s, e = b.start + a, b.start + z
            sent = text[s:e]
            for m in _APPOSITION.finditer(sent):
                take(m.group("name"), s + m.start("name"), need_distinct=False)
            for m in _AGENT.finditer(sent):
                group = "name" if m.group("name") else "partner"
                if not _POST_AFTER.match(sent, m.end(group)):
                    take(m.group(group), s + m.start(group), need_distinct=True)
            for c in _CLAUSE.finditer(sent):  # "...; and Kangaroo Club provides short breaks"
                m = _SUBJECT.match(sent, c.end())
                if m:
                    take(m.group("name"), s + m.start("name"), need_distinct=True)
            _siblings(text, s, sent, vocab, take)
    return sorted(out, key=lambda i: (i.start, i.end))


# "A, B and the C": a list of names, each led by an optional article
_LIST = re.compile(
    r"(?P<list>(?:(?:the\s+)?"
    + _NAME
    + r",\s+)+(?:the\s+)?"
    + _NAME
    + r",?\s+and\s+(?:the\s+)?"
    + _NAME
    + r")"
)


def _siblings(text: str, s: int, sent: str, vocab: DocVocab, take) -> None:
    """Unheaded names listed beside two or more bodies with head nouns are bodies of their kind."""
    for m in _LIST.finditer(sent):
        items = [i for i in re.split(r",\s+(?:and\s+)?|\s+and\s+", m.group("list")) if i.strip()]
        headed = [
            _clean(i)
            for i in items
            if head_of(_clean(i)) and kind_of(_clean(i)) in ("provider", "health-body")
        ]
        if len(headed) < 2 or len(headed) == len(items):
            continue
        kinds = [kind_of(h) for h in headed]
        kind = max(set(kinds), key=kinds.count)
        for item in items:
            if not head_of(_clean(item)):
                take(item, s + m.start("list") + m.group("list").find(item), need_distinct=True, kind=kind)
