"""Lexicons: package data files compiled once into dict lookups with pre-built cues."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from importlib import resources
from typing import Any, NamedTuple

import attrs

from ..exceptions import IonMentoringError
from ..keys import Intent, Tone
from ._model import Cue

__all__ = [
    "ALGORITHM_VERSION",
    "LEXICON_FILES",
    "Entry",
    "Lexicon",
    "LexiconError",
    "Phrase",
    "lexicon_digest",
    "load_lexicon",
]

ALGORITHM_VERSION = "1"
"""Bumped whenever the analyzer code changes its results; part of `ANALYZER_VERSION`."""

LEXICON_FILES = ("en.json", "ko.json", "symbols.json")
PERSONAS = ("Lua", "Elro", "Riri", "Nana")
NEGATIVE_TONES = frozenset({"frustrated", "anxious", "urgent", "confused"})
"""A negated cue for one of these tones counts toward `calm` instead ("not worried")."""
NEGATED_CALM_SHARE = 0.5
BOOST_SHARE = 0.5
"""An intensifier ("really", "너무") adds this share of the next cue's tone weight."""

_LABELS: Mapping[str, frozenset[str]] = {
    "tone": frozenset(t.value for t in Tone),
    "intent": frozenset(i.value for i in Intent),
    "topic": frozenset(PERSONAS),
}


class LexiconError(IonMentoringError, ValueError):
    """A lexicon data file is malformed (unknown section or label, bad weight)."""


class Entry(NamedTuple):
    """Cues of one lexicon term: as written, when negated, and the extra when intensified."""

    cues: tuple[Cue, ...]
    negated: tuple[Cue, ...]
    boost: tuple[Cue, ...]


class Phrase(NamedTuple):
    """A multi-token term after its first token; `prefix_last` lets the last part be a stem."""

    rest: tuple[str, ...]
    prefix_last: bool
    entry: Entry


@attrs.frozen
class Lexicon:
    """All lookup tables the scanner uses (see `load_lexicon`)."""

    words: Mapping[str, Entry]
    """Latin words, emoji and jamo (first jamo of a run), matched exactly."""
    stems: Mapping[str, Entry]
    """Korean stems, matched as the longest prefix of an eojeol."""
    max_stem: int
    endings: Mapping[str, Entry]
    """Korean sentence endings, matched as the suffix of a sentence-final eojeol."""
    phrases: Mapping[str, tuple[Phrase, ...]]
    """Multi-token terms by first token, longest first (`#` stands for any number)."""
    en_negators: frozenset[str]
    ko_negators: Mapping[str, int]
    """Korean words negating the next N eojeol (안 급해요, 별로 어렵지 않아요)."""
    ko_post_negators: tuple[str, ...]
    """Eojeol beginnings that negate the eojeol before them (어렵지 않아요, 걱정 없어요)."""
    intensifiers: frozenset[str]
    shout_words: frozenset[str]
    """Ordinary English words whose ALL-CAPS form counts as shouting (acronyms do not)."""
    unknown_emoji: Mapping[str, float]
    """Tone weights of an emoji missing from the symbol lexicon."""


def lexicon_digest() -> str:
    """Short hash of the lexicon files and `ALGORITHM_VERSION`."""
    digest = hashlib.sha256(ALGORITHM_VERSION.encode())
    for name in LEXICON_FILES:
        digest.update(name.encode())
        digest.update(_data_dir().joinpath(name).read_bytes())
    return digest.hexdigest()[:12]


def load_lexicon() -> Lexicon:
    """Read the package lexicon files and compile them."""
    raw = {name: json.loads(_data_dir().joinpath(name).read_text("utf-8")) for name in LEXICON_FILES}
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

    phrases: dict[str, list[Phrase]] = {}
    for term, items in phrase_terms.items():
        first, *rest = term.split()
        phrases.setdefault(first, []).append(
            Phrase(tuple(rest), term in prefix_phrases, _entry(term, items))
        )
    return Lexicon(
        words={t: _entry(t, items) for t, items in words.items()},
        stems={t: _entry(t, items) for t, items in stems.items()},
        max_stem=max((len(t) for t in stems), default=1),
        endings={t: _entry(t, items) for t, items in endings.items()},
        phrases={
            first: tuple(sorted(group, key=lambda p: -len(p.rest)))
            for first, group in phrases.items()
        },
        en_negators=frozenset(en.get("negators", ())),
        ko_negators={str(k): int(v) for k, v in ko.get("negators_before", {}).items()},
        ko_post_negators=tuple(ko.get("negators_after", ())),
        intensifiers=frozenset([*en.get("intensifiers", ()), *ko.get("intensifiers", ())]),
        shout_words=frozenset(en.get("common_words", ())),
        unknown_emoji={str(k): float(v) for k, v in symbols.get("unknown_emoji", {}).items()},
    )


def _data_dir() -> Any:
    return resources.files("ion_mentoring").joinpath("data", "lexicon")


def _terms(
    sections: Mapping[str, Any], source: str
) -> Iterable[tuple[str, str, str, float]]:
    for kind, labels in sections.items():
        allowed = _LABELS.get(kind)
        if allowed is None:
            raise LexiconError(f"{source}: unknown section {kind!r}; allowed: tone, intent, topic")
        for label, terms in labels.items():
            if label not in allowed:
                raise LexiconError(
                    f"{source}: unknown {kind} label {label!r}; allowed: {', '.join(sorted(allowed))}"
                )
            for term, weight in terms.items():
                if not isinstance(weight, int | float) or not 0 < weight <= 10:
                    raise LexiconError(f"{source}: weight of {term!r} must be in (0, 10]")
                yield " ".join(term.lower().split()), kind, label, float(weight)


def _entry(term: str, items: list[tuple[str, str, float]]) -> Entry:
    cues = tuple(Cue(kind, label, term, weight) for kind, label, weight in items)  # type: ignore[arg-type]
    negated: list[Cue] = []
    for kind, label, weight in items:
        if kind == "topic":
            negated.append(Cue("topic", label, term, weight))
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
