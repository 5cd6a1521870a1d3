"""Lexicons: package data files compiled once into dict lookups with pre-built cues."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, NamedTuple

import attrs

from ..exceptions import LexiconError
from ..keys import Intent, Tone
from ._model import Cue
from ._text import tokenize

__all__ = [
    "ALGORITHM_VERSION",
    "CLAUSE_BREAK",
    "EN_NEGATION_WINDOW",
    "HOW_TO",
    "INTENSIFIER",
    "LEXICON_FILES",
    "MODEL_FILE",
    "NEGATOR",
    "PLAIN",
    "Entry",
    "Lexicon",
    "LexiconError",
    "Phrase",
    "Slot",
    "lexicon_digest",
    "load_lexicon",
]

ALGORITHM_VERSION = "4"
"""Bumped whenever the analyzer code changes its results; part of `ANALYZER_VERSION`."""

LEXICON_FILES = ("en.json", "ko.json", "symbols.json")
MODEL_FILE = "model/naive_bayes.json"
"""The learned second opinion (`_learned`), in the package's `data` directory."""
PERSONAS = ("Lua", "Elro", "Riri", "Nana")
HOW_TO = "how_to"
"""Pseudo-intent of generic how-questions ("how do I", "어떻게 해야"): scoring splits it
between seek_advice (people topics) and problem_solving (technical topics)."""
NEGATIVE_TONES = frozenset({"frustrated", "anxious", "urgent", "confused"})
"""A negated cue for one of these tones counts toward `calm` instead ("not worried")."""
NEGATED_CALM_SHARE = 0.5
BOOST_SHARE = 0.5
"""An intensifier ("really", "너무") adds this share of the next cue's tone weight."""

_LABELS: Mapping[str, frozenset[str]] = {
    "tone": frozenset(t.value for t in Tone),
    "intent": frozenset([*(i.value for i in Intent), HOW_TO]),
    "topic": frozenset(PERSONAS),
}


class Entry(NamedTuple):
    """Cues of one lexicon term: as written, when negated, and the extra when intensified."""

    cues: tuple[Cue, ...]
    negated: tuple[Cue, ...]
    boost: tuple[Cue, ...]


class Phrase(NamedTuple):
    """The tokens of a multi-token term after its key; `prefix_last` lets the last be a stem."""

    rest: tuple[str, ...]
    prefix_last: bool
    entry: Entry


PairOptions = tuple[tuple[Phrase, ...], Entry | None]
"""English phrases starting with a given pair of tokens: the longer ones (longest first) and
the two-token phrase itself."""

PLAIN, NEGATOR, INTENSIFIER, CLAUSE_BREAK = 0, 1, 2, 3
"""Roles of an exact token in `Slot.role`."""


class Slot(NamedTuple):
    """What an exact token is: its own cues, its role, and whether phrases start with it."""

    entry: Entry | None
    role: int = PLAIN
    window: int = 0
    """How many following tokens a negator negates."""
    seconds: Mapping[str, PairOptions] = {}
    """English: phrases starting here, by their second token (`#` for a number) — one lookup
    of the next token finds them (the same options as `Lexicon.pairs`)."""
    phrases: Mapping[str, tuple[Phrase, ...]] = {}
    """Korean (and number) phrases starting with this token, by the first character of their
    second token (`#` for a number), longest first: only these can match the next token."""


@attrs.frozen
class Lexicon:
    """All lookup tables the scanner uses (see `compile_lexicon`)."""

    table: Mapping[str, Slot]
    """Exact tokens: Latin words, emoji, jamo (first letter of a run), Korean function words."""
    pairs: Mapping[str, PairOptions]
    """English phrases by their first two tokens ("in #"): longer phrases (longest first) and
    the two-token phrase itself."""
    stems: Mapping[str, tuple[tuple[str, Entry], ...]]
    """Korean stems of two or more syllables by their first two syllables, longest first;
    an eojeol takes the longest stem it starts with."""
    short_stems: Mapping[str, Entry]
    """One-syllable Korean stems (또, 왜, 팀)."""
    all_stems: Mapping[str, Entry]
    """Every Korean stem (for stems inside long eojeol written without spaces)."""
    endings: Mapping[str, Entry]
    """Korean sentence endings, matched as the suffix of a sentence-final eojeol."""
    ko_post_negators: tuple[str, ...]
    """Eojeol beginnings that negate the eojeol before them (어렵지 않아요, 걱정 없어요)."""
    shout_words: frozenset[str]
    """Ordinary English words whose ALL-CAPS form counts as shouting (acronyms do not)."""
    unknown_emoji: Mapping[str, float]
    """Tone weights of an emoji missing from the symbol lexicon."""


EN_NEGATION_WINDOW = 3
"""An English negator ("not", "don't") negates cues among the next three words."""
_CLAUSE_BREAKS = ("but", "and", "though", "although", "because")


def lexicon_digest() -> str:
    """Short hash of the lexicon files, the learned model and `ALGORITHM_VERSION`."""
    digest = hashlib.sha256(ALGORITHM_VERSION.encode())
    data = resources.files("ion_mentoring").joinpath("data")
    for name in (*(f"lexicon/{file}" for file in LEXICON_FILES), MODEL_FILE):
        digest.update(name.encode())
        digest.update(data.joinpath(name).read_bytes())
    return digest.hexdigest()[:12]


def load_lexicon() -> Lexicon:
    """Read the package lexicon files and compile them."""
    raw = {
        name: json.loads(_data_dir().joinpath(name).read_text("utf-8")) for name in LEXICON_FILES
    }
    return compile_lexicon(raw["en.json"], raw["ko.json"], raw["symbols.json"])


def compile_lexicon(
    en: Mapping[str, Any], ko: Mapping[str, Any], symbols: Mapping[str, Any]
) -> Lexicon:
    """Compile parsed lexicon documents into lookup tables."""
    words: dict[str, list[tuple[str, str, float]]] = {}
    stems: dict[str, list[tuple[str, str, float]]] = {}
    endings: dict[str, list[tuple[str, str, float]]] = {}
    phrase_terms: dict[str, list[tuple[str, str, float]]] = {}
    prefix_phrases: set[str] = set()

    for term, kind, label, weight in _terms(en.get("cues", {}), "en.json"):
        (phrase_terms if " " in term else words).setdefault(term, []).append((kind, label, weight))
    for variant, base in _inflections(words).items():
        words[variant] = words[base]
    for term, kind, label, weight in _terms(symbols.get("cues", {}), "symbols.json"):
        words.setdefault(term, []).append((kind, label, weight))
    for term, kind, label, weight in _terms(ko.get("cues", {}), "ko.json"):
        if " " in term:
            phrase_terms.setdefault(term, []).append((kind, label, weight))
            prefix_phrases.add(term)
            if "#" not in term:
                stems.setdefault(term.replace(" ", ""), []).append((kind, label, weight))
        else:
            stems.setdefault(term, []).append((kind, label, weight))
    for term, kind, label, weight in _terms(ko.get("endings", {}), "ko.json endings"):
        endings.setdefault(term, []).append((kind, label, weight))
    for blocker in ko.get("blockers", []):
        stems.setdefault(blocker, [])

    pairs: dict[str, list[Phrase]] = {}
    ko_phrases: dict[str, list[Phrase]] = {}
    for term, items in phrase_terms.items():
        parts = term.split()
        if term in prefix_phrases and not ("a" <= parts[0][0] <= "z"):
            ko_phrases.setdefault(parts[0], []).append(
                Phrase(tuple(parts[1:]), True, _entry(term, items))
            )
        else:
            pairs.setdefault(f"{parts[0]} {parts[1]}", []).append(
                Phrase(tuple(parts[2:]), False, _entry(term, items))
            )

    table: dict[str, Slot] = {t: Slot(_entry(t, items)) for t, items in words.items()}
    compiled_stems = {t: _entry(t, items) for t, items in stems.items()}
    by_head: dict[str, list[tuple[str, Entry]]] = {}
    for stem, compiled in compiled_stems.items():
        if len(stem) >= 2:
            by_head.setdefault(stem[:2], []).append((stem, compiled))

    def update(token: str, **changes: Any) -> None:
        table[token] = table.get(token, Slot(None))._replace(**changes)

    compiled_pairs = {
        key: (
            tuple(sorted((p for p in group if p.rest), key=lambda p: -len(p.rest))),
            next((p.entry for p in group if not p.rest), None),
        )
        for key, group in pairs.items()
    }
    seconds: dict[str, dict[str, PairOptions]] = {}
    for key, options in compiled_pairs.items():
        first, second = key.split()
        seconds.setdefault(first, {})[second] = options
    for first, followers in seconds.items():
        update(first, seconds=followers)
    for first, group in ko_phrases.items():
        update(first, phrases=_by_next_head(sorted(group, key=lambda p: -len(p.rest))))
    for word in en.get("negators", ()):
        update(word, role=NEGATOR, window=EN_NEGATION_WINDOW)
    for word, window in ko.get("negators_before", {}).items():
        update(word, role=NEGATOR, window=int(window))
    for word in [*en.get("intensifiers", ()), *ko.get("intensifiers", ())]:
        update(word, role=INTENSIFIER)
    for word in _CLAUSE_BREAKS:
        update(word, role=CLAUSE_BREAK)
    post_negators = tuple(ko.get("negators_after", ()))
    if not all("가" <= word[:1] <= "힣" for word in post_negators):
        # The scanner applies them when it reaches the next eojeol (see `_scan.scan`).
        raise LexiconError("ko.json: every negators_after entry must start with a Hangul syllable")
    return Lexicon(
        table=table,
        pairs=compiled_pairs,
        stems={
            head: tuple(sorted(group, key=lambda item: -len(item[0])))
            for head, group in by_head.items()
        },
        short_stems={t: e for t, e in compiled_stems.items() if len(t) == 1},
        all_stems=compiled_stems,
        endings={t: _entry(t, items) for t, items in endings.items()},
        ko_post_negators=post_negators,
        shout_words=frozenset(en.get("common_words", ())),
        unknown_emoji={str(k): float(v) for k, v in symbols.get("unknown_emoji", {}).items()},
    )


def _by_next_head(phrases: Iterable[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    """Group phrases (in order) by the first character of their second token: a token can
    only match a part that starts with its own first character, or `#` when it is a number."""
    groups: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        part = phrase.rest[0]
        groups.setdefault("#" if part == "#" else part[0], []).append(phrase)
    return {head: tuple(group) for head, group in groups.items()}


def _inflections(words: Mapping[str, Any]) -> dict[str, str]:
    """Regular English inflections of single-word terms not listed themselves:
    plurals/3rd person (`webhooks`, `fixes`), past (`deployed`) and `-ing` (`deploying`)."""
    variants: dict[str, str] = {}
    for word in words:
        if not word.isascii() or not word.isalpha() or len(word) < 3:
            continue
        forms = [word + "es" if word.endswith(("s", "x", "ch", "sh")) else word + "s"]
        if len(word) >= 4:
            stem = word[:-1] if word.endswith("e") else word
            forms += [stem + "ed", stem + "ing"]
        for form in forms:
            if form not in words:
                variants.setdefault(form, word)
    return variants


def _data_dir() -> Any:
    return resources.files("ion_mentoring").joinpath("data", "lexicon")


def _terms(sections: Mapping[str, Any], source: str) -> Iterable[tuple[str, str, str, float]]:
    for kind, labels in sections.items():
        allowed = _LABELS.get(kind)
        if allowed is None:
            raise LexiconError(f"{source}: unknown section {kind!r}; allowed: tone, intent, topic")
        for label, terms in labels.items():
            if label not in allowed:
                names = ", ".join(sorted(allowed))
                raise LexiconError(f"{source}: unknown {kind} label {label!r}; allowed: {names}")
            for term, weight in terms.items():
                if not isinstance(weight, int | float) or not 0 < weight <= 10:
                    raise LexiconError(f"{source}: weight of {term!r} must be in (0, 10]")
                normalized = normalize_term(term)
                if normalized is None:
                    raise LexiconError(f"{source}: term {term!r} has no word, stem or symbol")
                yield normalized, kind, label, float(weight)


def normalize_term(term: str) -> str | None:
    """Tokenize a lexicon term like message text: `trade-off` -> `trade off`, `30분` -> `# 분`."""
    tokens = [
        "#" if t[0].isdigit() else t
        for t in tokenize(term.lower().replace("’", "'").replace("#", "0"))
    ]
    if not tokens or all(t == "#" for t in tokens):
        return None
    return " ".join(tokens)


def _entry(term: str, items: list[tuple[str, str, float]]) -> Entry:
    merged: dict[tuple[str, str], float] = {}
    for kind, label, weight in items:
        merged[kind, label] = max(merged.get((kind, label), 0.0), weight)
    items = [(kind, label, weight) for (kind, label), weight in merged.items()]
    cues = tuple(Cue(kind, label, term, weight) for kind, label, weight in items)  # type: ignore[arg-type]
    negated: list[Cue] = []
    for kind, label, weight in items:
        if kind == "topic" or label == "problem_solving":
            # A negated problem word is still a problem ("작동하지 않아요", "won't start").
            negated.append(Cue(kind, label, term, weight))  # type: ignore[arg-type]
            continue
        negated.append(Cue("negation", label, f"not {term}", 0.0))
        if kind == "tone" and label in NEGATIVE_TONES:
            negated.append(Cue("tone", "calm", f"not {term}", weight * NEGATED_CALM_SHARE))
    boost = tuple(
        Cue("intensity", label, term, weight * BOOST_SHARE)
        for kind, label, weight in items
        if kind == "tone"
    )
    return Entry(cues, tuple(negated), boost)
