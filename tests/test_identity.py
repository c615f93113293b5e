"""Values derived once per format are cached by the format's identity, never by equality."""

from __future__ import annotations

import attrs

from gkstats._identity import by_identity


@attrs.frozen
class _Spec:
    name: str


def test_cached_per_object_not_per_equal_value() -> None:
    calls: list[str] = []

    @by_identity
    def derive(spec: _Spec, other: _Spec) -> str:
        calls.append(spec.name)
        return spec.name + other.name

    a, b, equal_to_a = _Spec("a"), _Spec("b"), _Spec("a")
    assert "ab" == derive(a, b)
    assert "ab" == derive(a, b)
    assert ["a"] == calls  # the second call was cached
    assert "ab" == derive(equal_to_a, b)  # equal, but another object: derived again
    assert "ba" == derive(b, a)  # the order of the arguments counts
    assert ["a", "a", "b"] == calls
