"""Specific behaviours: negation, intensity, Korean endings, language, pace, cues."""

from __future__ import annotations

import pytest

from ion_mentoring.analysis import ANALYZER_VERSION, Analysis, AnalysisInputError, Analyzer
from ion_mentoring.keys import Intent, Pace, Tone


def _labels(result: Analysis, kind: str) -> set[str]:
    return {c.label for c in result.cues if c.kind == kind}


def test_public_api() -> None:
    import ion_mentoring.analysis as analysis

    assert analysis.__all__ == sorted(analysis.__all__, key=lambda n: (not n.isupper(), n))
    assert len(ANALYZER_VERSION) == 12
    int(ANALYZER_VERSION, 16)


def test_non_str_is_rejected(analyzer: Analyzer) -> None:
    with pytest.raises(AnalysisInputError, match="needs a str"):
        analyzer.analyze(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "tone"),
    [
        ("I'm really worried I'll mess up my first presentation.", Tone.ANXIOUS),
        ("걱정돼서 잠이 안 와요.", Tone.ANXIOUS),
        ("ugh, the build fails AGAIN. sick of this", Tone.FRUSTRATED),
        ("아 진짜 답답해 왜 또 안돼", Tone.FRUSTRATED),
        ("lol my code works and I don't know why 😂", Tone.PLAYFUL),
        ("오늘 코드리뷰 통과함ㅋㅋㅋ", Tone.PLAYFUL),
        ("Prod is down, I need this fixed ASAP", Tone.URGENT),
        ("30분 뒤에 발표인데 지금 당장 도와주세요", Tone.URGENT),
        ("I don't get it, I'm so confused by closures", Tone.CONFUSED),
        ("이 개념이 너무 헷갈려요", Tone.CONFUSED),
        ("I wonder how garbage collectors decide what to free. Curious!", Tone.CURIOUS),
        ("이벤트 루프가 어떻게 동작하는지 궁금해요", Tone.CURIOUS),
        ("Let's work through this together as a team", Tone.COLLABORATIVE),
        ("우리 팀 같이 정리해 봐요", Tone.COLLABORATIVE),
        (
            "Compare p95 latency vs throughput: 120 ms at 4,000 rps, 180 ms at 6,500 rps",
            Tone.ANALYTICAL,
        ),
        ("Please send me the meeting notes from Tuesday.", Tone.CALM),
    ],
)
def test_tone(analyzer: Analyzer, text: str, tone: Tone) -> None:
    result = analyzer.analyze(text)
    assert result.tone is tone, result.cues
    assert tone.value in _labels(result, "tone") | _labels(result, "intensity") | {"calm"}


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Should I take the backend job or stay in frontend?", Intent.SEEK_ADVICE),
        ("어떻게 하면 좋을까요? 조언 부탁드려요", Intent.SEEK_ADVICE),
        (
            "I'm getting an error when the app starts, it crashes immediately",
            Intent.PROBLEM_SOLVING,
        ),
        ("배포하면 에러가 나요. 해결하고 싶어요", Intent.PROBLEM_SOLVING),
        ("Can you explain how a hash map works?", Intent.LEARNING),
        ("인덱스가 뭔지 설명해 주세요", Intent.LEARNING),
        ("Is this query correct? Can you review it?", Intent.VALIDATION),
        ("이렇게 하면 맞나요? 검토 부탁드립니다", Intent.VALIDATION),
        ("Help me plan the roadmap for next quarter", Intent.PLANNING),
        ("다음 달 일정 계획을 세우고 싶어요", Intent.PLANNING),
        ("Looking back, the biggest lesson was to ask for help earlier.", Intent.REFLECTION),
        ("돌아보면 그때 많이 배웠던 것 같아요", Intent.REFLECTION),
    ],
)
def test_intent(analyzer: Analyzer, text: str, intent: Intent) -> None:
    result = analyzer.analyze(text)
    assert result.intent is intent, result.cues
    assert intent.value in _labels(result, "intent")


@pytest.mark.parametrize(
    ("plain", "negated", "tone"),
    [
        ("I'm worried about the launch.", "I'm not worried about the launch.", Tone.ANXIOUS),
        ("It's urgent.", "It's not urgent at all.", Tone.URGENT),
        ("급해요.", "안 급해요.", Tone.URGENT),
        ("어려워요.", "별로 어렵지 않아요.", Tone.CONFUSED),
        ("걱정돼요.", "걱정 없어요.", Tone.ANXIOUS),
    ],
)
def test_negation(analyzer: Analyzer, plain: str, negated: str, tone: Tone) -> None:
    assert analyzer.analyze(plain).tone is tone
    result = analyzer.analyze(negated)
    assert result.tone is not tone
    assert result.tone is Tone.CALM
    assert tone.value in _labels(result, "negation")


def test_intensity_marks_raise_confidence(analyzer: Analyzer) -> None:
    calm = analyzer.analyze("this keeps failing")
    loud = analyzer.analyze("this keeps failing AGAIN!!! whyyy")
    assert calm.tone is loud.tone is Tone.FRUSTRATED
    assert loud.tone_confidence >= calm.tone_confidence
    assert "intensity" in {c.kind for c in loud.cues}


def test_stretched_letters_are_collapsed(analyzer: Analyzer) -> None:
    result = analyzer.analyze("I'm sooo worriedddd")
    assert result.tone is Tone.ANXIOUS
    assert "worried" in {c.match for c in result.cues}


def test_shouting_ignores_acronyms(analyzer: Analyzer) -> None:
    plain = analyzer.analyze("How do I call the REST API from SQL?")
    assert "intensity" not in {c.kind for c in plain.cues}


def test_korean_endings_and_spacing(analyzer: Analyzer) -> None:
    formal = analyzer.analyze("이 방식이 맞나요?")
    casual = analyzer.analyze("이 방식 맞지?")
    assert formal.intent is casual.intent is Intent.VALIDATION
    spaced = analyzer.analyze("너무 불안해요")
    unspaced = analyzer.analyze("너무불안해요")
    assert spaced.tone is unspaced.tone is Tone.ANXIOUS
    assert analyzer.analyze("이해가안가요").tone is Tone.CONFUSED
    # 불안정 (instability) is not 불안 (anxiety).
    assert analyzer.analyze("서버가 불안정합니다").tone is not Tone.ANXIOUS


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How do I fix this?", "en"),
        ("이거 어떻게 고쳐요?", "ko"),
        ("API 응답이 느려요", "ko"),
        ("Spark job이 shuffle 단계에서 OOM으로 죽는데 executor memory를 늘려도 같아요", "mixed"),
        # English words with particles written onto them: code-switching.
        ("다음 주 interview인데 confidence를 어떻게 유지할지 모르겠어요", "mixed"),
        # Acronyms in capitals and codes with digits are technical terms in Korean text.
        ("API 서버랑 DB를 재시작했는데 p99가 여전히 800ms예요", "ko"),
        ("오늘 회의에서 새 dashboard 시안을 보여 드렸어요", "ko"),
        ("", "en"),
        ("😂😂", "en"),
    ],
)
def test_language(analyzer: Analyzer, text: str, language: str) -> None:
    assert analyzer.analyze(text).language == language


def test_mixed_is_decided_on_the_head_of_long_text(analyzer: Analyzer) -> None:
    korean = "오늘 회의에서 일정을 다시 정리했어요. " * 60  # 1,380 characters
    woven = "배포할 때 build가 깨지고 cache를 지워도 같아요. "
    assert analyzer.analyze(woven + korean).language == "mixed"
    assert analyzer.analyze(korean + woven * 5).language == "ko"


@pytest.mark.parametrize(
    ("text", "pace"),
    [
        ("Help!! Now!!", Pace.BURST),
        ("왜?? 진짜 왜??", Pace.BURST),
        (
            "I have been thinking for a long time about how the way our team shares knowledge "
            "has changed since we moved to remote work and whether that matters for juniors.",
            Pace.CONTEMPLATIVE,
        ),
        (
            "We moved the service to a new cluster last week. The migration went smoothly "
            "overall. Now I want to plan the next steps for monitoring.",
            Pace.FLOWING,
        ),
        ("Deploy finished. Logs look fine.", Pace.MEDIUM),
    ],
)
def test_pace_thresholds(analyzer: Analyzer, text: str, pace: Pace) -> None:
    assert analyzer.analyze(text).pace is pace


def test_rhythm_metrics(analyzer: Analyzer) -> None:
    rhythm = analyzer.analyze("Is it down? It is down! Fix it.").rhythm
    assert rhythm.sentence_count == 3
    assert rhythm.avg_sentence_length == pytest.approx(8 / 3, abs=1e-3)
    assert rhythm.question_ratio == pytest.approx(1 / 3, abs=1e-3)
    assert rhythm.exclamation_ratio == pytest.approx(1 / 3, abs=1e-3)
    assert analyzer.analyze("v1.2 is 3.5% faster, e.g. here").rhythm.sentence_count >= 1


def test_topic_evidence_points_at_the_domain(analyzer: Analyzer) -> None:
    cases = {
        "Elro": "Our API server leaks memory after every deploy; the heap keeps growing.",
        "Riri": "Conversion rate and retention metrics dropped; is it statistically significant?",
        "Nana": "The stakeholder meeting keeps slipping and the team can't align on the process.",
        "Lua": "I feel burned out and my motivation and confidence are gone.",
    }
    for persona, text in cases.items():
        topic = analyzer.analyze(text).topic
        assert max(topic, key=lambda p: topic[p]) == persona, (persona, topic)
    assert set(analyzer.analyze("hello").topic.values()) == {0.0}


def test_cues_explain_the_result(analyzer: Analyzer) -> None:
    result = analyzer.analyze(
        "급합니다!! 배포하자마자 결제 API 에러가 나요. 지금 당장 뭘 확인해야 하나요?"
    )
    assert result.tone is Tone.URGENT
    assert result.intent is Intent.PROBLEM_SOLVING
    tone_cues = [c for c in result.cues if c.label == "urgent" and c.weight > 0]
    assert {"급합", "지금 당장"} <= {c.match for c in tone_cues}
    assert any(c.kind == "topic" and c.label == "Elro" for c in result.cues)
    assert any(c.kind == "pace" and c.label == result.pace.value for c in result.cues)
    data = result.to_dict()
    assert data["resonance_key"] == str(result.key)
    assert data["cues"][0].keys() == {"kind", "label", "match", "weight"}
