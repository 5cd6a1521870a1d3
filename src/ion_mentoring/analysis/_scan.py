"""One pass over the tokens: lexicon lookups, phrases, negation, intensifiers, counts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

from ._lexicon import (
    CLAUSE_BREAK,
    INTENSIFIER,
    NEGATOR,
    Entry,
    Lexicon,
    Phrase,
    Slot,
)
from ._model import Cue

__all__ = ["NOTHING", "Resolved", "Scan", "resolve_word", "scan"]

BOOST_WINDOW = 2
"""An intensifier boosts the cues of the next two words."""
INNER_STEM_LENGTH = 6
"""Eojeol this long with no stem at their start are searched for stems inside
("너무불안해요", written without spaces)."""
_AFTER_HANGUL = "\ud7a4"
"""The character after the last Hangul syllable: `"가" <= t < _AFTER_HANGUL` tests whether
`t` starts with a Hangul syllable."""
_PUNCTUATION = frozenset(".!?。！？…~")
_DIGITS = frozenset("0123456789")


class Scan(NamedTuple):
    """Cues found in the tokens plus the counts that rhythm and scoring need."""

    cues: list[Cue]
    latin_words: int
    hangul_words: int
    numbers: int
    emoji: int
    sentences: int
    """Runs of sentence-final punctuation, plus one for a final sentence without any."""
    questions: int
    """Punctuation runs containing `?`."""
    exclamations: int
    """Punctuation runs containing `!`."""
    strong_runs: int
    """Runs of two or more `!`/`?` ("!!", "???", "?!")."""
    marks: int
    """Sentence punctuation characters."""


def _phrase_end(
    tokens: list[str], start: int, options: tuple[Phrase, ...]
) -> tuple[Entry, int] | None:
    """Match `options` against the tokens from `start`; the longest phrase is tried first."""
    n = len(tokens)
    for phrase in options:
        rest = phrase.rest
        end = start + len(rest)
        if end > n:
            continue
        last = len(rest) - 1
        for k, part in enumerate(rest):
            tok = tokens[start + k]
            if part == tok or (part == "#" and tok[0].isdigit()):
                continue
            if k == last and phrase.prefix_last and tok.startswith(part):
                continue
            break
        else:
            return phrase.entry, end
    return None


Resolved = Entry | tuple[Slot | None, Entry | None, tuple[Cue, ...], bool]
"""A Korean eojeol's stem entry when that is all there is to it (the common case); otherwise
its exact-token slot (only when it starts phrases or negates/intensifies), its stem entry,
cues of stems found inside it, and whether it negates the eojeol before it (않아요, 없어요)."""
_KO_ROLES = (NEGATOR, INTENSIFIER)
_NO_ENTRY = Entry((), (), ())
NOTHING: Resolved = (None, None, (), False)
"""The resolution of an eojeol no lexicon entry touches (most of them)."""


def resolve_word(word: str, lex: Lexicon) -> Resolved:
    """Everything about a Korean eojeol that does not depend on its neighbours: its slot in
    the exact-token table, the longest stem it starts with, and stems inside it when it is
    long and unspaced."""
    entry: Entry | None = None
    matched = 0
    candidates = lex.stems.get(word[:2])
    if candidates is not None:
        for stem, found in candidates:
            if word.startswith(stem):
                entry, matched = found, len(stem)
                break
    if entry is None:
        entry = lex.short_stems.get(word[0])
        matched = 1 if entry is not None else 0
    inner: list[Cue] = []
    if matched < 2 and len(word) >= INNER_STEM_LENGTH:
        _inner_stems(word, matched or 1, lex.all_stems, inner.extend)
    slot = lex.table.get(word)
    if slot is not None and not slot.phrases and slot.role not in _KO_ROLES:
        slot = None  # the Korean branch uses a slot only for its phrases and role
    negates_before = word.startswith(lex.ko_post_negators)
    if slot is None and not inner and not negates_before:
        return NOTHING if entry is None else entry
    return slot, entry, tuple(inner), negates_before


def scan(
    tokens: list[str],
    lex: Lexicon,
    emoji_cues: dict[str, tuple[Cue, ...]],
    memo: dict[str, Resolved],
    memo_limit: int = 0,
    ending_memo: dict[str, tuple[Cue, ...]] | None = None,
) -> Scan:
    """Match every token once.

    `emoji_cues` memoizes cues of emoji missing from the lexicon; `memo` memoizes
    `resolve_word` and `ending_memo` the ending cues of sentence-final eojeol, each for up to
    `memo_limit` distinct eojeol (pure functions of the word).
    """
    if ending_memo is None:
        ending_memo = {}
    cues: list[Cue] = []
    add = cues.extend
    get = lex.table.get
    endings = lex.endings
    last_at = -1  # the last eojeol with a stem entry
    last_entry = _NO_ENTRY
    hangul = numbers = symbols = emoji = 0
    sentences = questions = exclamations = strong = marks = 0
    negate_until = boost_until = skip_until = -1
    n = len(tokens)
    entry: Entry | None
    memo_get = memo.get
    for i, t in enumerate(tokens):
        # Whole-token comparisons test the first character without slicing it out.
        if t < "{" and t >= "a":  # a Latin word (Hangul fails the first test)
            slot = get(t)
            if slot is None:
                continue
            seconds = slot.seconds
            if seconds and i + 1 < n:
                nxt = tokens[i + 1]
                options = seconds.get(nxt)
                if options is None and nxt[0] in _DIGITS:
                    options = seconds.get("#")
                if options is not None:
                    longer, pair_entry = options
                    found = _phrase_end(tokens, i + 2, longer) if longer else None
                    if found is None and pair_entry is not None:
                        found = pair_entry, i + 2
                    if found is not None:
                        add(found[0].negated if i <= negate_until else found[0].cues)
                        if slot.role == NEGATOR:
                            # The phrase carries the negated meaning ("not sure").
                            negate_until = found[1] - 1
                            continue
            role = slot.role
            if role:
                if role == NEGATOR:
                    negate_until = i + slot.window
                elif role == INTENSIFIER:
                    boost_until = i + BOOST_WINDOW
                elif role == CLAUSE_BREAK:
                    negate_until = -1
                continue
            entry = slot.entry
            if entry is None:
                continue
        else:
            resolved = memo_get(t)  # known Korean eojeol
            if resolved is None:
                c = t[0]
                if "가" <= c <= "힣":  # an eojeol not in the memo
                    resolved = resolve_word(t, lex)
                    if len(memo) < memo_limit:
                        memo[t] = resolved
                elif c in _DIGITS:
                    numbers += 1
                    _number_phrases(tokens, i, get("#"), add)
                    continue
                elif c in _PUNCTUATION:
                    symbols += 1
                    if i:
                        prev = tokens[i - 1]
                        if "가" <= prev < _AFTER_HANGUL:
                            ending = ending_memo.get(prev)
                            if ending is None:
                                ending = _ending(prev, endings, ending_memo, memo_limit)
                            add(ending)
                    negate_until = -1
                    asks, exclaims, run, ends = _PUNCT_COUNTS.get(t) or _punct_counts(t)
                    marks += len(t)
                    questions += asks
                    exclamations += exclaims
                    strong += run
                    sentences += ends
                    continue
                else:
                    symbols += 1
                    if i and "가" <= tokens[i - 1][0] <= "힣":
                        add(_ending(tokens[i - 1], endings, ending_memo, memo_limit))
                    if "ㄱ" <= c <= "ㅣ":
                        slot = get(c)
                    else:
                        emoji += 1
                        slot = get(t)
                        if slot is None or slot.entry is None:
                            add(_unknown_emoji(t, lex, emoji_cues))
                            continue
                    if slot is not None and slot.entry is not None:
                        _add_entry(slot.entry, i <= negate_until, i <= boost_until, add)
                    continue
            hangul += 1
            if resolved is NOTHING:
                continue
            if isinstance(resolved, Entry):  # a stem and nothing else
                if i < skip_until:
                    continue
                entry = resolved
            else:
                slot, entry, inner, negates_before = resolved
                if negates_before and last_at == i - 1:
                    # This eojeol negates the one before it (어렵지 않아요): that eojeol's cues,
                    # the last ones added, are replaced by its negated cues. Nothing has changed
                    # the windows since they were added, so they tell how many there are.
                    added = _added(last_entry, last_at <= negate_until, last_at <= boost_until)
                    del cues[len(cues) - added :]
                    add(last_entry.negated)
                    negate_until = i - 1
                if i < skip_until:
                    continue
                if slot is not None:
                    phrases = slot.phrases
                    if phrases and i + 1 < n:
                        # Inline `_phrase_after`: few next tokens start any phrase.
                        head = tokens[i + 1][0]
                        group = phrases.get("#" if head.isdigit() else head)
                        found = _phrase_end(tokens, i + 1, group) if group else None
                        if found is not None:
                            add(found[0].negated if i <= negate_until else found[0].cues)
                            skip_until = found[1]
                            continue
                    if slot.role == NEGATOR:
                        negate_until = i + slot.window
                        continue
                    if slot.role == INTENSIFIER:
                        boost_until = i + BOOST_WINDOW
                        continue
                if inner:
                    add(inner)
                if entry is None:
                    continue
            last_at, last_entry = i, entry
        if i <= negate_until:
            add(entry.negated)
        else:
            add(entry.cues)
            if i <= boost_until:
                add(entry.boost)
    latin = n - hangul - numbers - symbols
    if n and "가" <= tokens[-1][0] <= "힣":
        add(_ending(tokens[-1], endings, ending_memo, memo_limit))
    if latin or hangul or numbers:
        last = n - 1
        while last >= 0 and _is_symbol(tokens[last]):
            last -= 1
        if last < 0 or tokens[last][0] not in _PUNCTUATION or not tokens[last].strip("~"):
            sentences += 1
    return Scan(
        cues, latin, hangul, numbers, emoji, sentences, questions, exclamations, strong, marks
    )


def _add_entry(
    entry: Entry, negated: bool, boosted: bool, add: Callable[[Iterable[Cue]], None]
) -> None:
    """Add an entry's cues: negated, or as written plus the intensifier's boost."""
    if negated:
        add(entry.negated)
    else:
        add(entry.cues)
        if boosted:
            add(entry.boost)


def _added(entry: Entry, negated: bool, boosted: bool) -> int:
    """How many cues `_add_entry` adds."""
    if negated:
        return len(entry.negated)
    return len(entry.cues) + len(entry.boost) if boosted else len(entry.cues)


def _number_phrases(
    tokens: list[str], i: int, slot: Slot | None, add: Callable[[Iterable[Cue]], None]
) -> None:
    """Cues of phrases starting with the number at `i` ("# 분 뒤", "# weeks")."""
    if slot is None:
        return
    if slot.phrases:
        found = _phrase_after(tokens, i + 1, slot.phrases)
        if found is not None:
            add(found[0].cues)
    if slot.seconds and i + 1 < len(tokens):
        options = slot.seconds.get(tokens[i + 1])
        if options is not None:
            longer, pair_entry = options
            found = _phrase_end(tokens, i + 2, longer) if longer else None
            if found is not None:
                add(found[0].cues)
            elif pair_entry is not None:
                add(pair_entry.cues)


def _unknown_emoji(token: str, lex: Lexicon, memo: dict[str, tuple[Cue, ...]]) -> tuple[Cue, ...]:
    """Tone cues of an emoji missing from the symbol lexicon (memoized per analyzer)."""
    cues = memo.get(token)
    if cues is None:
        cues = tuple(
            Cue("tone", label, token, weight) for label, weight in lex.unknown_emoji.items()
        )
        memo[token] = cues
    return cues


_PUNCT_COUNTS: dict[str, tuple[int, int, int, int]] = {}
"""Memo of `_punct_counts` (few distinct punctuation runs occur)."""
_PUNCT_COUNTS_SIZE = 4096


def _punct_counts(run: str) -> tuple[int, int, int, int]:
    """What a sentence punctuation run counts as: a question, an exclamation, a strong run
    (`!!`, `??`, `?!`), a sentence end (anything but tildes)."""
    asks = "?" in run or "？" in run
    exclaims = "!" in run or "！" in run
    counts = (
        int(asks),
        int(exclaims),
        int((asks or exclaims) and len(run) >= 2),
        int(bool(run.strip("~"))),
    )
    if len(_PUNCT_COUNTS) < _PUNCT_COUNTS_SIZE:
        _PUNCT_COUNTS[run] = counts
    return counts


def _is_symbol(token: str) -> bool:
    """Jamo or emoji (not a word, number or punctuation)."""
    c = token[0]
    return not ("a" <= c <= "z" or "가" <= c <= "힣" or c in _DIGITS or c in _PUNCTUATION)


def _ending(
    word: str,
    endings: Mapping[str, Entry],
    memo: dict[str, tuple[Cue, ...]],
    memo_limit: int,
) -> tuple[Cue, ...]:
    """Cues of the ending of a sentence-final eojeol (까요, 죠, 네요), memoized per eojeol."""
    cues = memo.get(word)
    if cues is None:
        ending = endings.get(word[-3:]) or endings.get(word[-2:]) or endings.get(word[-1:])
        cues = ending.cues if ending is not None else ()
        if len(memo) < memo_limit:
            memo[word] = cues
    return cues


def _phrase_after(
    tokens: list[str], start: int, phrases: Mapping[str, tuple[Phrase, ...]]
) -> tuple[Entry, int] | None:
    """The longest of `phrases` (grouped by the head of their second token) matching the
    tokens from `start`."""
    if start >= len(tokens):
        return None
    head = tokens[start][0]
    options = phrases.get("#" if head.isdigit() else head)
    return _phrase_end(tokens, start, options) if options is not None else None


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
