"""The legacy ResonanceConverter: rhythm rules, key format, tone via analyzer or client."""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ion_mentoring import parse_key_lenient
from ion_mentoring.analysis import analyze
from ion_mentoring.compat import EmotionTone, ResonanceConverter, RhythmPattern, Tone
from ion_mentoring.compat.converter import parse_tone_answer
from tests.compat.conftest import quietly

LEGACY_KEY = re.compile(
    r"^(?P<tone>[a-z]+)-(?P<pace>burst|flowing|contemplative)-"
    r"(?P<intent>inquiry|expressive|statement)$"
)
GOOD_ANSWER = '{"primary": "anxious", "confidence": 0.9, "secondary": "confused"}'


class JsonClient:
    """A real, deterministic tone client: answers every prompt with a fixed reply."""

    def __init__(self, answer: object, *, is_ready: bool = True) -> None:
        self.answer = answer
        self.is_ready = is_ready
        self.prompts: list[str] = []

    def ready(self) -> bool:
        return self.is_ready

    def send(self, prompt: str) -> object:
        self.prompts.append(prompt)
        return self.answer


class FailingClient(JsonClient):
    def send(self, prompt: str) -> object:
        self.prompts.append(prompt)
        raise ConnectionError("model endpoint unreachable")


class BrokenReadyClient(JsonClient):
    def ready(self) -> bool:
        raise RuntimeError("credentials missing")


class AsyncClient(JsonClient):
    async def send(self, prompt: str) -> object:
        return GOOD_ANSWER


def with_client(client: JsonClient) -> ResonanceConverter:
    return quietly(lambda: ResonanceConverter(vertex_client=client))


# -- rhythm ---------------------------------------------------------------------------------


def test_rhythm_of_short_exclamations_is_fast(converter: ResonanceConverter) -> None:
    rhythm = converter.analyze_rhythm("Help! Now! Fix it!")
    assert rhythm.avg_sentence_length == pytest.approx(4 / 3)
    assert rhythm.punctuation_density == pytest.approx(3 / 18)
    assert rhythm.exclamation_ratio == pytest.approx(1.0)
    assert rhythm.question_ratio == 0.0
    assert rhythm.pace == "fast"


def test_rhythm_counts_questions_per_sentence(converter: ResonanceConverter) -> None:
    rhythm = converter.analyze_rhythm("Why? How? That is all.")
    assert rhythm.question_ratio == pytest.approx(2 / 3)
    assert rhythm.exclamation_ratio == 0.0


def test_long_sentences_are_slow(converter: ResonanceConverter) -> None:
    text = "I have been thinking about how our team can plan the next quarter together."
    rhythm = converter.analyze_rhythm(text)
    assert rhythm.avg_sentence_length == 14
    assert rhythm.pace == "slow"


def test_slow_starts_at_exactly_ten_words(converter: ResonanceConverter) -> None:
    assert converter.analyze_rhythm("one two three four five six seven eight nine ten").pace == (
        "slow"
    )
    assert converter.analyze_rhythm("one two three four five six seven eight nine.").pace == (
        "medium"
    )


def test_short_sentences_without_dense_punctuation_are_medium(
    converter: ResonanceConverter,
) -> None:
    assert converter.analyze_rhythm("ok then").pace == "medium"
    # 2 marks in 25 characters is exactly 0.08: not above the threshold.
    rhythm = converter.analyze_rhythm("aaaaaaaaaaa. bbbbbbbbbbb.")
    assert rhythm.punctuation_density == pytest.approx(0.08)
    assert rhythm.avg_sentence_length == 1
    assert rhythm.pace == "medium"


def test_fast_needs_fewer_than_four_words(converter: ResonanceConverter) -> None:
    rhythm = converter.analyze_rhythm("a b c d! e f g h!")
    assert rhythm.avg_sentence_length == 4
    assert rhythm.punctuation_density > 0.08
    assert rhythm.pace == "medium"


def test_punctuation_density_counts_the_legacy_marks(converter: ResonanceConverter) -> None:
    # , ; : count as punctuation; quotes and dashes do not.
    assert converter.analyze_rhythm("a,b;c:d").punctuation_density == pytest.approx(3 / 7)
    assert converter.analyze_rhythm("a-b'c\"d").punctuation_density == 0.0


def test_korean_words_are_eojeol(converter: ResonanceConverter) -> None:
    rhythm = converter.analyze_rhythm("왜 안 돼? 진짜 모르겠어!")
    assert rhythm.avg_sentence_length == pytest.approx(2.5)
    assert rhythm.question_ratio == pytest.approx(0.5)
    assert rhythm.pace == "fast"


def test_empty_text_has_a_zero_medium_rhythm(converter: ResonanceConverter) -> None:
    assert converter.analyze_rhythm("") == RhythmPattern(0.0, 0.0, 0.0, 0.0, "medium")


def test_punctuation_only_text(converter: ResonanceConverter) -> None:
    rhythm = converter.analyze_rhythm("???")
    assert rhythm.avg_sentence_length == 0.0
    assert rhythm.question_ratio == 3.0
    assert rhythm.pace == "fast"


# -- legacy key format ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pace", "question", "exclamation", "expected"),
    [
        ("fast", 0.5, 0.0, "anxious-burst-inquiry"),
        ("medium", 0.0, 0.5, "anxious-flowing-expressive"),
        ("slow", 0.0, 0.0, "anxious-contemplative-statement"),
        ("fast", 0.5, 0.5, "anxious-burst-inquiry"),
        ("medium", 0.3, 0.3, "anxious-flowing-statement"),
        ("slow", 0.31, 0.0, "anxious-contemplative-inquiry"),
    ],
)
def test_generate_resonance_key_legacy_format(
    converter: ResonanceConverter, pace: str, question: float, exclamation: float, expected: str
) -> None:
    rhythm = RhythmPattern(3.0, 0.1, question, exclamation, pace)  # type: ignore[arg-type]
    assert converter.generate_resonance_key(rhythm, EmotionTone("anxious", 0.8)) == expected
    assert converter.generate_resonance_key(rhythm, "anxious") == expected


@pytest.mark.parametrize("tone", list(Tone))
@pytest.mark.parametrize("pace", ["fast", "medium", "slow"])
def test_every_generated_key_routes_without_fallback(
    converter: ResonanceConverter, tone: Tone, pace: str
) -> None:
    for question, exclamation in ((0.5, 0.0), (0.0, 0.5), (0.0, 0.0)):
        rhythm = RhythmPattern(5.0, 0.05, question, exclamation, pace)  # type: ignore[arg-type]
        key = converter.generate_resonance_key(rhythm, EmotionTone(tone.value, 0.5))
        assert LEGACY_KEY.match(key)
        parsed = parse_key_lenient(key)
        assert not parsed.fallback
        assert parsed.key.tone is tone


# -- tone detection ---------------------------------------------------------------------------


def test_tone_from_the_new_analyzer(converter: ResonanceConverter) -> None:
    text = "I'm so worried the demo will crash tomorrow and everyone will see it."
    analysis = analyze(text)
    tone = converter.detect_emotion_tone(text)
    assert tone.primary == analysis.tone.value
    assert tone.confidence == analysis.tone_confidence
    assert tone.secondary == (analysis.secondary_tone.value if analysis.secondary_tone else None)
    assert tone.source == "analyzer"


def test_ready_client_answers_in_json() -> None:
    client = JsonClient(GOOD_ANSWER)
    tone = with_client(client).detect_emotion_tone("The demo is tomorrow and nothing works")
    assert tone == EmotionTone("anxious", 0.9, "confused", "client")
    (prompt,) = client.prompts
    assert "The demo is tomorrow and nothing works" in prompt
    assert "JSON" in prompt
    assert all(t.value in prompt for t in Tone)


@pytest.mark.parametrize(
    "answer",
    [
        "```json\n" + GOOD_ANSWER + "\n```",
        "Sure! " + GOOD_ANSWER,
        GOOD_ANSWER.encode(),
        {"primary": "Anxious", "confidence": "0.9", "secondary": "confused"},
    ],
)
def test_client_answers_in_other_shapes_are_read(answer: object) -> None:
    tone = with_client(JsonClient(answer)).detect_emotion_tone("text")
    assert tone == EmotionTone("anxious", 0.9, "confused", "client")


def test_client_confidence_is_clamped_and_secondary_is_optional() -> None:
    tone = with_client(JsonClient('{"primary": "calm", "confidence": 7}')).detect_emotion_tone("x")
    assert tone == EmotionTone("calm", 1.0, None, "client")


@pytest.mark.parametrize(
    "answer",
    [
        "not json at all",
        "{broken json",
        '{"primary": "ecstatic", "confidence": 0.9}',
        '{"primary": "calm"}',
        '{"primary": "calm", "confidence": "high"}',
        '{"primary": "calm", "confidence": NaN}',
        "[1, 2, 3]",
        None,
        42,
    ],
)
def test_garbage_client_answers_fall_back_to_the_analyzer(answer: object) -> None:
    text = "Why does the build keep failing?"
    client = JsonClient(answer)
    tone = with_client(client).detect_emotion_tone(text)
    assert client.prompts, "the client was asked"
    assert tone.source == "analyzer"
    assert tone.primary == analyze(text).tone.value


def test_failing_client_falls_back_to_the_analyzer() -> None:
    client = FailingClient(GOOD_ANSWER)
    tone = with_client(client).detect_emotion_tone("hello")
    assert len(client.prompts) == 1
    assert tone.source == "analyzer"


def test_client_that_is_not_ready_is_not_asked() -> None:
    client = JsonClient(GOOD_ANSWER, is_ready=False)
    tone = with_client(client).detect_emotion_tone("hello")
    assert client.prompts == []
    assert tone.source == "analyzer"


def test_client_whose_ready_check_raises_is_not_asked() -> None:
    client = BrokenReadyClient(GOOD_ANSWER)
    assert with_client(client).detect_emotion_tone("hello").source == "analyzer"
    assert client.prompts == []


def test_async_client_is_not_awaited_and_falls_back() -> None:
    converter = with_client(AsyncClient(GOOD_ANSWER))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "coroutine was never awaited"
        tone = converter.detect_emotion_tone("hello")
    assert tone.source == "analyzer"


def test_parse_tone_answer_drops_a_secondary_equal_to_primary() -> None:
    answer = parse_tone_answer('{"primary": "calm", "confidence": 0.5, "secondary": "calm"}')
    assert answer == EmotionTone("calm", 0.5, None, "client")


# -- convert ----------------------------------------------------------------------------------


def test_convert_returns_rhythm_emotion_and_legacy_key(converter: ResonanceConverter) -> None:
    text = "Why is this so confusing? What should I read first?"
    result = converter.convert(text)
    assert set(result) == {"rhythm", "emotion", "resonance_key"}
    assert result["rhythm"] == converter.analyze_rhythm(text)
    assert result["emotion"] == converter.detect_emotion_tone(text)
    assert result["resonance_key"] == converter.generate_resonance_key(
        result["rhythm"], result["emotion"]
    )
    assert result["resonance_key"].endswith("-inquiry")


def test_convert_uses_the_client_tone() -> None:
    result = with_client(JsonClient(GOOD_ANSWER)).convert("Help! Now! Fix it!")
    assert result["resonance_key"] == "anxious-burst-expressive"


def test_convert_of_empty_text_has_a_key(converter: ResonanceConverter) -> None:
    result = converter.convert("")
    assert result["resonance_key"]
    assert not parse_key_lenient(result["resonance_key"]).fallback


SHARED = quietly(ResonanceConverter)


@settings(max_examples=200)
@given(st.text())
def test_convert_never_raises_and_always_yields_a_routable_key(text: str) -> None:
    key = SHARED.convert(text)["resonance_key"]
    assert key
    assert LEGACY_KEY.match(key)
    assert not parse_key_lenient(key).fallback


@given(st.text(alphabet=st.sampled_from("ab 가나.!?,;:\n😀"), max_size=200))
def test_rhythm_values_are_consistent(text: str) -> None:
    rhythm = SHARED.analyze_rhythm(text)
    assert rhythm.avg_sentence_length >= 0
    assert 0.0 <= rhythm.punctuation_density <= 1.0
    assert rhythm.question_ratio >= 0
    assert rhythm.exclamation_ratio >= 0
    assert rhythm.pace in {"fast", "medium", "slow"}


@pytest.mark.parametrize(
    "text",
    [
        "x" * 100_000,
        ("왜 안 돼? " * 20_000),
        "\x00\x01\x1b[31m\u200b\ufeff",
        "😀😀😀",
        "   \n\t  ",
        "Mixed 한국어 and English!",
    ],
    ids=["100k-latin", "100k-korean", "control", "emoji", "whitespace", "mixed"],
)
def test_convert_handles_extreme_inputs(converter: ResonanceConverter, text: str) -> None:
    result = converter.convert(text)
    assert LEGACY_KEY.match(result["resonance_key"])
