"""One pass over the tokens: lexicon lookups, phrases, negation, intensifiers, counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from ._lexicon import Entry, Lexicon, Phrase
from ._model import Cue

__all__ = ["EN_NEGATION_WINDOW", "Scan", "scan"]

EN_NEGATION_WINDOW = 3
"""An English negator ("not", "don't") negates cues among the next three words."""
_SENTENCE_PUNCT = frozenset(".!?。！？…~")
_CLAUSE_BREAKS = frozenset({"but", "and", "though", "although", "because"})


class Scan(NamedTuple):
    """Cues found in the tokens plus the counts that rhythm and scoring need."""

    cues: list[Cue]
    latin_words: int
    hangul_words: int
    numbers: int
    emoji: int
    questions: int
    """Punctuation runs containing `?`."""
    exclamations: int
    """Punctuation runs containing `!`."""
    strong_runs: int
    """Runs of two or more `!`/`?` ("!!", "???", "?!")."""


def _phrase_end(tokens: list[str], i: int, options: tuple[Phrase, ...]) -> tuple[Entry, int] | None:
    n = len(tokens)
    for phrase in options:
        rest = phrase.rest
        end = i + 1 + len(rest)
        if end > n:
            continue
        last = len(rest) - 1
        for k, part in enumerate(rest):
            tok = tokens[i + 1 + k]
            if part == tok or (part == "#" and tok[0].isdigit()):
                continue
            if k == last and phrase.prefix_last and tok.startswith(part):
                continue
            break
        else:
            return phrase.entry, end
    return None


def scan(tokens: list[str], lex: Lexicon, emoji_cues: dict[str, tuple[Cue, ...]]) -> Scan:
    """Match every token once; `emoji_cues` memoizes cues of emoji missing from the lexicon."""
    cues: list[Cue] = []
    add = cues.extend
    words = lex.words
    stems = lex.stems
    phrases = lex.phrases
    endings = lex.endings
    en_negators = lex.en_negators
    ko_negators = lex.ko_negators
    post_negators = lex.ko_post_negators
    intensifiers = lex.intensifiers
    max_stem = lex.max_stem
    latin = hangul = numbers = emoji = questions = exclamations = strong = 0
    negate_until = boost_until = -1
    n = len(tokens)
    i = 0
    while i < n:
        t = tokens[i]
        c = t[0]
        entry: Entry | None = None
        if "a" <= c <= "z":
            latin += 1
            options = phrases.get(t)
            if options is not None:
                found = _phrase_end(tokens, i, options)
                if found is not None:
                    entry, end = found
                    latin += end - i - 1
                    add(entry.negated if i <= negate_until else entry.cues)
                    i = end
                    continue
            if t in en_negators:
                negate_until = i + EN_NEGATION_WINDOW
            elif t in intensifiers:
                boost_until = i + 2
            elif t in _CLAUSE_BREAKS:
                negate_until = -1
            else:
                entry = words.get(t)
        elif "가" <= c <= "힣":
            hangul += 1
            options = phrases.get(t)
            if options is not None:
                found = _phrase_end(tokens, i, options)
                if found is not None:
                    entry, end = found
                    hangul += end - i - 1
                    add(entry.negated if i <= negate_until else entry.cues)
                    i = end
                    continue
            window = ko_negators.get(t)
            if window is not None:
                negate_until = i + window
                i += 1
                continue
            if t in intensifiers:
                boost_until = i + 2
                i += 1
                continue
            size = len(t)
            k = size if size < max_stem else max_stem
            while k:
                entry = stems.get(t[:k])
                if entry is not None:
                    break
                k -= 1
            if size >= 5 and k < size - 1:
                _inner_stems(t, k or 1, stems, add)
            nxt = tokens[i + 1] if i + 1 < n else ""
            if entry is not None and nxt.startswith(post_negators):
                negate_until = i
            if not nxt or not ("가" <= nxt[0] <= "힣" or "a" <= nxt[0] <= "z"):
                ending = endings.get(t[-3:]) or endings.get(t[-2:]) or endings.get(t[-1:])
                if ending is not None:
                    add(ending.cues)
        elif c.isdigit():
            numbers += 1
            options = phrases.get("#")
            if options is not None:
                found = _phrase_end(tokens, i, options)
                if found is not None:
                    entry, end = found
                    add(entry.cues)
                    i = end
                    continue
        elif c in _SENTENCE_PUNCT:
            negate_until = -1
            if "?" in t or "？" in t:
                questions += 1
            if "!" in t or "！" in t:
                exclamations += 1
            if len(t) >= 2 and c not in ".…~。":
                strong += 1
        elif "ㄱ" <= c <= "ㅣ":
            entry = words.get(c)
        else:
            emoji += 1
            entry = words.get(t)
            if entry is None:
                extra = emoji_cues.get(t)
                if extra is None:
                    extra = tuple(
                        Cue("tone", label, t, weight)  # type: ignore[arg-type]
                        for label, weight in lex.unknown_emoji.items()
                    )
                    emoji_cues[t] = extra
                add(extra)
        if entry is not None:
            if i <= negate_until:
                add(entry.negated)
            else:
                add(entry.cues)
                if i <= boost_until:
                    add(entry.boost)
        i += 1
    return Scan(cues, latin, hangul, numbers, emoji, questions, exclamations, strong)


def _inner_stems(
    word: str, start: int, table: Mapping[str, Entry], add: Callable[[Iterable[Cue]], None]
) -> None:
    """Stems inside a long eojeol written without spaces ("너무불안해요")."""
    size = len(word)
    pos = start
    while pos < size - 1:
        step = 1
        for k in (4, 3, 2):
            if pos + k <= size:
                found = table.get(word[pos : pos + k])
                if found is not None:
                    add(found.cues)
                    step = k
                    break
        pos += step
