"""Throughput of `ion_mentoring.analysis` on one core.

Run: .venv/bin/python benchmarks/bench_analysis.py [--seconds 1.0]

Prints analyses per second for ~150-character Korean, English and mixed messages, and for
1.5 KB and 15 KB messages (per-character throughput should stay flat: the work is linear).
Each figure is the best of several timed rounds; wall-clock and process CPU time are shown
because a busy machine slows wall-clock figures.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence

from ion_mentoring.analysis import Analyzer

ENGLISH = [
    "ugh the integration tests fail again on CI but pass locally. I've cleared the cache "
    "twice and pinned all versions. what am I missing here??",
    "Could you explain how connection pooling works in Postgres and when a bigger pool "
    "actually hurts latency? Curious about the trade-offs in practice.",
    "Our weekly active users dropped 12% after the redesign. Is that significant or just "
    "noise from the holiday week? Need to report it on Friday.",
    "Let's plan the onboarding for the two new hires together - who should they pair with in "
    "the first two weeks, and which meetings really matter?",
]
KOREAN = [
    "배포하고 나서 계속 결제 API에서 타임아웃이 나요. 커넥션 풀 설정도 바꿔보고 서버도 "
    "재시작해 봤는데 똑같아요. 진짜 답답하네요. 로그도 다 확인했는데 원인을 모르겠어요. "
    "어디부터 봐야 할까요? 오늘 안에 꼭 해결하고 싶어요. 도와주세요.",
    "다음 분기 로드맵을 팀원들이랑 같이 짜보려고 해요. 디자인, 백엔드, 프론트 모두 참여하는 "
    "워크숍으로 하고 싶은데 어떻게 구성하면 좋을까요? 일정은 두 주 정도 잡고 있고, 결과물은 "
    "문서로 남기려고 합니다. 진행 순서도 추천해 주세요.",
    "요즘 일이 너무 재미가 없고 자꾸 지쳐요ㅠㅠ 번아웃인지 그냥 잠깐 그런 건지 잘 모르겠어요. "
    "쉬어야 할지 더 버텨야 할지 헷갈려요. 주변에 말하기도 어렵고요. 예전에는 코딩이 정말 "
    "즐거웠는데 말이에요. 조언 부탁드려요. 어떻게 하면 좋을까요?",
    "이번 달 전환율이 지난달 대비 2.1%p 떨어졌습니다. 방문자 수는 비슷한데 결제 단계 이탈이 "
    "늘었어요. 어떤 지표부터 분석하는 게 좋을까요? 팀에 공유할 근거가 필요해서 통계적으로 "
    "의미 있는 차이인지도 알고 싶습니다. 표본은 충분해요.",
]
MIXED = [
    "Spark job이 shuffle stage에서 OOM으로 죽는데 executor memory를 8GB로 늘려도 똑같아요. "
    "partition 수를 늘려야 하나요? data skew 문제인지 궁금해요. driver log에는 별다른 error가 "
    "없어요.",
    "A/B test 결과 conversion rate가 4.1% vs 4.6%인데 sample size가 각 group 2,000명이에요. "
    "p-value 0.04면 믿어도 되나요? power 계산도 필요할까요? 다음 주 review 전에 확인하고 "
    "싶어요.",
    "React component가 re-render될 때마다 useEffect가 두 번 실행돼요. strict mode 때문인지 "
    "dependency array 문제인지 모르겠어요. 어떻게 debug하죠? console.log 찍어봐도 헷갈리네요.",
]


def _rate(
    analyze: Callable[[str], object], messages: Sequence[str], seconds: float
) -> tuple[float, float]:
    """Best analyses/s over timed rounds: (wall clock, process CPU)."""
    for text in messages:
        analyze(text)
    best_wall = best_cpu = 0.0
    deadline = time.perf_counter() + seconds
    rounds = 0
    while rounds < 5 or time.perf_counter() < deadline:
        rounds += 1
        count = 0
        wall0, cpu0 = time.perf_counter(), time.process_time()
        while count < 200 or time.perf_counter() - wall0 < 0.05:
            for text in messages:
                analyze(text)
            count += len(messages)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        best_wall = max(best_wall, count / wall)
        best_cpu = max(best_cpu, count / cpu) if cpu > 0 else best_cpu
    return best_wall, best_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per case (default 1.0)")
    args = parser.parse_args()
    analyzer = Analyzer()
    everything = ENGLISH + KOREAN + MIXED
    paragraph = " ".join(everything)
    cases = {
        "english ~150 chars": ENGLISH,
        "korean ~150 chars": KOREAN,
        "mixed ~150 chars": MIXED,
        "all ~150 chars": everything,
        "1.5 KB message": [_sized(paragraph, 1_500)],
        "15 KB message": [_sized(paragraph, 15_000)],
    }
    runs = [(name, analyzer, messages) for name, messages in cases.items()]
    # Without the per-analyzer Korean word cache, as for text never seen before.
    runs.append(("all, no word cache", Analyzer(word_cache_size=0), everything))
    print(f"{'case':<20} {'avg chars':>9} {'analyses/s':>11} {'cpu/s':>9} {'chars/s (cpu)':>14}")
    for name, instance, messages in runs:
        avg = sum(len(m) for m in messages) / len(messages)
        wall, cpu = _rate(instance.analyze, messages, args.seconds)
        print(f"{name:<20} {avg:>9.0f} {wall:>11,.0f} {cpu:>9,.0f} {cpu * avg:>14,.0f}")


def _sized(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


if __name__ == "__main__":
    main()
