"""The public surface of ion_mentoring.cache."""

from __future__ import annotations

import ion_mentoring.cache as cache_package
from ion_mentoring.cache import CacheBackend, MemoryCache, make_cache


def test_all_is_sorted_and_importable() -> None:
    names = cache_package.__all__
    assert list(names) == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        assert hasattr(cache_package, name), name


def _typed_usage() -> None:  # checked by mypy, guards the API the Mentor relies on
    cache: CacheBackend = make_cache("memory://")
    value, tier = cache.get_or_compute("k", lambda: 1)
    number: int = value
    assert tier in ("l1", "l2", "miss")
    del number
    memory: CacheBackend = MemoryCache()
    del memory


def test_typed_usage_runs() -> None:
    _typed_usage()
