"""make_key / KeyMaker: stable, order-independent, version-sensitive, cheap."""

from __future__ import annotations

import dataclasses
import enum
import re
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ion_mentoring.cache import KEY_HEX_CHARS, KeyMaker, make_key
from ion_mentoring.cache import keys as keys_module

VERSIONS = {"library": "0.1.0", "personas": "p1", "analyzer": "a1", "routing": "r1"}

json_leaf = st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20)
json_values = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
payloads = st.dictionaries(st.text(max_size=10), json_values, max_size=6)


def test_shape_and_prefix() -> None:
    key = make_key("process", {"text": "hello"}, VERSIONS)
    assert re.fullmatch(rf"process:[0-9a-f]{{{KEY_HEX_CHARS}}}", key)


def test_known_value_is_stable_across_releases() -> None:
    # Changing this value invalidates every deployed cache entry: do it only on purpose.
    assert make_key("process", {"text": "hi"}, {"library": "1"}) == (
        "process:" + _sha256_hex(b'{"library":"1"}\n{"text":"hi"}')[:KEY_HEX_CHARS]
    )


def _sha256_hex(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


@given(payloads)
def test_order_of_mapping_keys_does_not_matter(payload: dict[str, Any]) -> None:
    reversed_payload = dict(reversed(list(payload.items())))
    reversed_versions = dict(reversed(list(VERSIONS.items())))
    assert make_key("k", payload, VERSIONS) == make_key("k", reversed_payload, reversed_versions)


@given(payloads, st.sampled_from(sorted(VERSIONS)), st.text(min_size=1, max_size=5))
def test_any_version_change_changes_the_key(
    payload: dict[str, Any], name: str, suffix: str
) -> None:
    bumped = dict(VERSIONS, **{name: VERSIONS[name] + suffix})
    assert make_key("k", payload, VERSIONS) != make_key("k", payload, bumped)


@given(payloads, payloads)
def test_different_payloads_different_keys(a: dict[str, Any], b: dict[str, Any]) -> None:
    if keys_module._stdlib_encode(a) != keys_module._stdlib_encode(b):
        assert make_key("k", a, VERSIONS) != make_key("k", b, VERSIONS)


@given(payloads)
def test_key_maker_matches_make_key(payload: dict[str, Any]) -> None:
    assert KeyMaker("analysis", VERSIONS)(payload) == make_key("analysis", payload, VERSIONS)


@given(payloads)
def test_fast_and_stdlib_encoders_agree(payload: dict[str, Any]) -> None:
    """Instances without msgspec (stdlib fallback) compute the same keys for JSON data."""
    assert keys_module._encode(payload) == keys_module._stdlib_encode(payload)


class _Lang(enum.Enum):
    KO = "ko"


@attrs.frozen
class _Attrs:
    b: int
    a: str


@dataclasses.dataclass
class _Data:
    y: int
    x: int


def test_structural_normalization() -> None:
    base = make_key("k", {"items": [1, 2], "tags": ["a", "b"], "lang": "ko"}, VERSIONS)
    assert make_key("k", {"items": (1, 2), "tags": {"b", "a"}, "lang": _Lang.KO}, VERSIONS) == base
    assert make_key("k", {"obj": _Attrs(1, "x")}, VERSIONS) == make_key(
        "k", {"obj": {"a": "x", "b": 1}}, VERSIONS
    )
    assert make_key("k", {"obj": _Data(1, 2)}, VERSIONS) == make_key(
        "k", {"obj": {"x": 2, "y": 1}}, VERSIONS
    )
    for value in ({"b", "a"}, _Lang.KO, _Attrs(1, "x"), _Data(1, 2)):
        assert keys_module._encode({"v": value}) == keys_module._stdlib_encode({"v": value})


def test_kind_separates_keys() -> None:
    assert make_key("analysis", {"t": 1}, VERSIONS) != make_key("process", {"t": 1}, VERSIONS)


def test_unsupported_values_raise_type_error() -> None:
    with pytest.raises(TypeError):
        make_key("k", {"v": object()}, VERSIONS)
