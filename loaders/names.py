"""People's names and the posts they hold: the one test extraction and asking share.

Why: council documents name people in contact blocks, report headers, officer lists and
governance prose, and they print headings and bodies in the same capitalised shape
("Public Health", "Civic Centre", "Corporate Parenting"). A person's name is 2-4 capitalised
tokens (optionally after a title such as "Dr" or "Cllr"), none of them a word of the genre's
organisations, places or topics (``names_not.txt``). Where the layout alone says "this is a
name" (a "Name:" label, a Name column) that is enough; in running text the first token must
also be a common given name (``names_given.txt``: general knowledge of names in England, not
names from any document) or a title must be printed.

A post ("Head of Children's Commissioning", "Section 151 Officer", "Cabinet Member for
Children and Families", "Strategic Finance Business Partner") is a capitalised phrase headed
by a word of ``posts.txt``: the head ends the phrase's core ("... Manager", "... Officer") or
starts it ("Director of ...", "Service Director Children's Services").

>>> is_person_name("Elspeth Varga-Lund"), is_person_name("Public Health"), is_person_name("Civic Centre")
(True, False, False)
>>> is_person_name("Tamsin Okoro", strict=True), is_person_name("Fenwick Borough", strict=True)
(True, False)
>>> title_case_name("ROSA MACKINNON"), title_case_name("MARY O'NEILL-MCCANN")
('Rosa Mackinnon', "Mary O'Neill-McCann")
>>> is_post("Head of Early Help"), is_post("Section 151 Officer"), is_post("Lead Provider")
(True, True, False)
>>> [n for n, _, _ in person_names_in("It is chaired by the Head of Inclusion, Dr Ravi Mendes, and Gwen Pryce.")]
['Dr Ravi Mendes', 'Gwen Pryce']
>>> text = "Signed by Tamsin Okoro, Director of Children's Services, and by the Treasurer."
>>> at = text.index("Director")
>>> text[at : post_end(text, at)]
"Director of Children's Services"
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def _words_of(name: str) -> frozenset[str]:
    text = (_HERE / name).read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _post_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in (_HERE / "posts.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            continue
        sections.setdefault(current, []).append(line)
    return sections


TITLES = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "mx",
        "dr",
        "prof",
        "professor",
        "cllr",
        "councillor",
        "sir",
        "dame",
        "rev",
        "revd",
        "lord",
        "lady",
    ]
)
GIVEN_NAMES = _words_of("names_given.txt")
NON_NAME_WORDS = _words_of("names_not.txt")
_SECTIONS = _post_sections()
POST_HEADS = frozenset(w for line in _SECTIONS["heads"] for w in line.split())
POST_QUALIFIERS = frozenset(w for line in _SECTIONS["qualifiers"] for w in line.split())
FIXED_POSTS = frozenset(line.lower() for line in _SECTIONS["posts"])
# every word that is, or qualifies, a post: what a question about "the director" asks for
POST_WORDS = POST_HEADS | frozenset(
    w for p in FIXED_POSTS for w in p.split() if not w.isdigit() and len(w) > 3
)
# heads that also start the names of bodies and things ("Lead Provider", "Head Office")
_AMBIGUOUS_HEADS = frozenset(["lead", "principal", "head", "member", "chair", "author"])
ROLE_WORDS = re.compile(
    r"\b(?:"
    + "|".join(sorted((re.escape(w) for w in POST_HEADS | POST_QUALIFIERS), key=len, reverse=True))
    + r")\b",
    re.I,
)
_UP, _LO = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # capitals and small letters, accented ones too ("Siân", "José")
_TOKEN = re.compile(
    rf"^(?:[{_UP}][{_LO}]+|[{_UP}]'[{_UP}][{_LO}]+|Mc[{_UP}][{_LO}]+|Mac[{_UP}][{_LO}]+|[{_UP}][{_LO}]*[’'][{_UP}][{_LO}]+)"
    rf"(?:-(?:[{_UP}][{_LO}]+|Mc[{_UP}][{_LO}]+))*$"
)
_INITIAL = re.compile(rf"^[{_UP}]\.?$")
_PARTICLES = frozenset(["de", "du", "da", "di", "van", "von", "der", "le", "la", "del", "st"])
_TITLE_RE = "|".join(sorted(TITLES, key=len, reverse=True))
# a run of capitalised words (or initials, "J."), possibly after a title, with name particles inside
_CAP_RUN = re.compile(
    r"(?<![\w'’-])(?:(?i:" + _TITLE_RE + rf")\.?\s+)?[{_UP}](?:\.|[\w'’-]*)"
    rf"(?:[ \t]+(?:(?:de|du|da|di|van|von|der|le|la|del)[ \t]+)?[{_UP}](?:\.|[\w'’-]*))*"
)


def _plain(word: str) -> str:
    """A word lower-cased without accents, for the name lists ("Siân" -> "sian")."""
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def is_given_name(word: str) -> bool:
    return _plain(word) in GIVEN_NAMES


@lru_cache(maxsize=1)
def _place_words() -> frozenset[str]:
    """Words of English area names ("Oxfordshire", "Gloucestershire"): places, not surnames."""
    from ckg.loaders.extract.metadata import gazetteer

    return frozenset(w.lower() for name in gazetteer() for w in name.split() if len(w) > 3)


def title_case_name(name: str) -> str:
    """Title-case a name printed in capitals, keeping Mc/Mac/O' and hyphens right."""

    def word(w: str) -> str:
        if not w.isupper() and not w.islower():
            return w
        parts = []
        for piece in w.split("-"):
            p = piece.capitalize()
            p = re.sub(r"^(O['’])([a-z])", lambda m: m.group(1) + m.group(2).upper(), p)
            p = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), p)
            parts.append(p)
        return "-".join(parts)

    return " ".join(word(w) for w in name.split())


def title_case_role(role: str) -> str:
    """A role printed in capitals, in title case with small words lower-case.

    >>> title_case_role("HEAD OF COMMISSIONING AND IMPROVEMENT")
    'Head of Commissioning and Improvement'
    """
    if not role.isupper():
        return role
    small = {"of", "and", "for", "the", "to", "in", "on", "at", "with", "&"}
    words = [w.capitalize() for w in role.lower().split()]
    return " ".join(w.lower() if k and w.lower() in small else w for k, w in enumerate(words))


def _tokens(name: str) -> list[str]:
    words = name.replace("\u00a0", " ").split()
    while words and words[0].lower().rstrip(".") in TITLES:
        words = words[1:]
    return words


def name_key(name: str) -> str:
    """A person's name without titles, lower case: "Cllr Jo Bell" and "Jo Bell" are one person."""
    return " ".join(_tokens(re.sub(r"\s+", " ", name.strip()))).lower() or name.strip().lower()


def is_person_name(text: str, strict: bool = False, layout: bool = False) -> bool:
    """2-4 capitalised tokens, optionally after a title, none an org/place/topic word.

    ``strict``: the first token must also be a common given name (or a title is printed),
    for names found in running text rather than in a layout that says "name".
    ``layout``: the layout says "name" (a Name column); after a known given name or a title,
    a surname may be a common word ("Jane Hall", "Tom Young").
    """
    text = re.sub(r"\s+", " ", text.strip().strip("*:,;")).strip()
    if not text or len(text) > 60 or re.search(r"[\d@/&()]", text):
        return False
    if text.isupper():
        text = title_case_name(text)
    has_title = text.split()[0].lower().rstrip(".") in TITLES
    words = _tokens(text)
    if not words or len(words) > 4 or (len(words) < 2 and not has_title):
        return False
    given = has_title or is_given_name(words[0])
    full = [w for w in words if not _INITIAL.match(w)]
    if not full or _INITIAL.match(words[-1]):
        return False
    for k, w in enumerate(words):
        if w.lower() in _PARTICLES or (_INITIAL.match(w) and k < len(words) - 1):
            continue
        if not _TOKEN.match(w) or w.lower() in POST_HEADS:
            return False
        if w.lower().strip("’'") in NON_NAME_WORDS and not (layout and given and k > 0):
            return False
    if words[-1].lower() in _PARTICLES:
        return False
    if strict and not given:
        return False
    # "Healthwatch Oxfordshire", "Create Gloucestershire": a body named after a place
    return given or not any(w.lower() in _place_words() for w in words)


def given_name_at(words: list[str], i: int) -> bool:
    """Does a person's name start at ``words[i]`` (a known given name followed by a surname)?"""
    return (
        i + 1 < len(words)
        and is_given_name(words[i])
        and bool(_TOKEN.match(words[i]))
        and bool(_TOKEN.match(words[i + 1]))
        and words[i + 1].lower() not in NON_NAME_WORDS
    )


def person_names_in(text: str) -> list[tuple[str, int, int]]:
    """People named in running text: (name, start, end), each a given name or a title first.

    The longest name wins inside a run of capitalised words ("Corporate Parenting Amanda
    Stone" holds "Amanda Stone"); words after the name that belong to posts or bodies are
    not part of it ("Jo Bell Director" is "Jo Bell").
    """
    out: list[tuple[str, int, int]] = []
    for run in _CAP_RUN.finditer(text):
        words = [
            (m.group(0), run.start() + m.start(), run.start() + m.end())
            for m in re.finditer(r"\S+", run.group(0))
        ]
        i = 0
        while i < len(words):
            w = words[i][0]
            lw = w.lower().rstrip(".")
            if lw not in TITLES and not is_given_name(w):
                i += 1
                continue
            best = None
            for j in range(min(len(words), i + 5), i, -1):
                candidate = " ".join(x[0] for x in words[i:j])
                if is_person_name(candidate, strict=True):
                    best = j
                    break
            if best is None:
                i += 1
                continue
            out.append((text[words[i][1] : words[best - 1][2]], words[i][1], words[best - 1][2]))
            i = best
    return out


# ------------------------------------------------------------------------------------ posts
_CONNECTORS = frozenset(["of", "for", "and", "&", "the", "in", "to"])
# one token of a post phrase: a bracketed qualifier, a capitalised word or number, a connector, a dash
_POST_TOKEN = re.compile(
    r"[ \t]*(\([^()\n]{1,60}\)|[A-Z0-9][\w'’&+-]*|of\b|for\b|and\b|&|the\b|in\b|to\b|[-–](?=[ \t]+[A-Z]))"
)
_COMPLEMENT = frozenset(["of", "for", "in", "to", "-", "–"])
_DETERMINERS = frozenset(["The", "A", "An", "Our", "Its", "Their", "This", "That", "Each", "Every", "Any"])


def _core_is_post(core: list[str]) -> bool:
    low = [w.lower().strip("’'") for w in core]
    if not low or len(low) > 7:
        return False
    for n in (4, 3, 2, 1):
        if len(low) >= n and " ".join(low[-n:]) in FIXED_POSTS:
            return True
    if low[-1] in POST_HEADS:
        return True
    k = 0
    while k < len(low) and low[k] in POST_QUALIFIERS:
        k += 1
    # "Service Director Children's Services": a head after its qualifiers starts the post
    return k < len(low) and low[k] in POST_HEADS and low[k] not in _AMBIGUOUS_HEADS and k < len(low) - 1


def _phrase(text: str, start: int) -> tuple[list[str], list[int]]:
    """Tokens of the capitalised phrase at ``start`` and the end offset after each.

    The phrase stops before a person's name ("Director of Place Jo Bell") and before "and
    the" ("the Head of Finance and the Director of Place" are two posts).
    """
    tokens: list[str] = []
    ends: list[int] = []
    pos = start
    while (m := _POST_TOKEN.match(text, pos)) and len(tokens) < 24:
        tok = m.group(1)
        if tok.startswith("(") and not tokens:
            break
        if tok == "the" and tokens and tokens[-1] in ("and", "&"):
            break
        low = tok.lower().rstrip(".")
        if tokens and (low in TITLES or is_given_name(tok)):
            word_start = m.end() - len(tok)
            if _name_starts(text, word_start):
                break
        tokens.append(tok)
        ends.append(m.end())
        pos = m.end()
    while tokens and (tokens[-1] in _CONNECTORS or tokens[-1] in ("-", "–")):
        tokens.pop()
        ends.pop()
    return tokens, ends


def _name_starts(text: str, at: int) -> bool:
    m = _CAP_RUN.match(text, at)
    return bool(m) and any(s == 0 for _, s, _ in person_names_in(m.group(0)))


def _cores(tokens: list[str]) -> list[list[str]]:
    """The head parts of a phrase's conjuncts: "Head of X and Pooled Fund Manager" -> Head; Pooled Fund Manager."""
    cores: list[list[str]] = [[]]
    in_complement = False
    for tok in tokens:
        if tok in ("and", "&", "the"):
            cores.append([])
            in_complement = False
        elif tok in _COMPLEMENT or tok.startswith("("):
            in_complement = True
        elif not in_complement:
            cores[-1].append(tok)
    return [c for c in cores if c]


def post_end(text: str, start: int = 0) -> int | None:
    """End of the post printed at ``text[start:]``, or None when no post starts there."""
    tokens, ends = _phrase(text, start)
    if not tokens or not tokens[0][:1].isupper() or tokens[0] in _COMPLEMENT:
        return None
    cores = _cores(tokens)
    if not cores or cores[0][0] != tokens[0]:
        return None
    # the first conjunct is a post, or all are bare words before a head ("Finance and Resources Director")
    plain = not any(t in _COMPLEMENT or t.startswith("(") for t in tokens)
    if _core_is_post(cores[0]) or (plain and _core_is_post(cores[-1])):
        return ends[-1]
    return None


def is_post(text: str) -> bool:
    """Is the whole of ``text`` a post ("Head of Service", "Senior Lawyer (Contracts)")?"""
    text = text.strip()
    end = post_end(text)
    return end is not None and not text[end:].strip()


# the body that owns a post, printed before it: "the Council's", "Elmshire County Council's"
_OWNER_BEFORE = re.compile(r"(?:\b([Tt]he)\s+)?((?:[A-Z][\w&-]*\s+){0,6}[A-Z][\w&-]*)['’]s\s+$")


def post_owner(text: str, post_start: int) -> tuple[int, int] | None:
    """(start, end) of the body owning the post at ``post_start`` ("the ICB's Chief Nurse").

    >>> text = "agreed by the Trust's Chief Nurse"
    >>> text[slice(*post_owner(text, text.index("Chief")))]
    'the Trust'
    """
    window_start = max(0, post_start - 120)
    m = _OWNER_BEFORE.search(text[window_start:post_start])
    if not m:
        return None
    if not (m.group(1) or re.search(r"[A-Z]{2}", m.group(2)) or " " in m.group(2)):
        return None  # "Children's Services Director": a possessive inside the post, not an owner
    return window_start + m.start(), window_start + m.end(2)


def posts_in(text: str) -> list[tuple[str, int, int]]:
    """Posts printed in running text: (post, start, end), the longest at each place, without
    the body that owns them ("the Council's Section 151 Officer" -> "Section 151 Officer").
    """
    out: list[tuple[str, int, int]] = []
    pos = 0
    for m in re.finditer(r"(?<![\w'’-])[A-Z][\w'’-]*", text):
        if m.start() < pos or m.group(0) in _DETERMINERS:
            continue
        at = m.start()
        end = post_end(text, at)
        if end is None:
            continue
        # "Council's Director of Place": the post starts after the owner's possessive
        owned = re.match(r"(?:[A-Z][\w&-]*\s+){0,6}?[A-Z][\w&-]*['’]s\s+(?=[A-Z])", text[at:end])
        if owned and (later := post_end(text, at + owned.end())) and post_owner(text, at + owned.end()):
            at, end = at + owned.end(), later
        out.append((text[at:end], at, end))
        pos = end
    return out
