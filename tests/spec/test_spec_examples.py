"""The replay suite's own checks: the cached examples are the spec's text, every example is replayed, and the
comparison helper reports what it should."""

import re
from pathlib import Path

import pytest

from .keys import KEYS
from .speclib import CACHE, SPEC_DIR, example, lenient_json, read_spec, spec_diff

HERE = Path(__file__).parent


@pytest.mark.skipif(not SPEC_DIR.is_dir(), reason="the spec is not beside the project (../shared/spec)")
def test_examples_are_the_spec_text():
    """examples.json holds exactly what the spec's lines say (regenerate: python -m tests.spec.speclib)."""
    import json

    cached = json.loads(CACHE.read_text(encoding="utf-8"))
    assert set(cached) == set(KEYS)
    for key in KEYS:
        assert cached[key] == read_spec(key), key


def test_every_example_is_replayed():
    sources = "".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py") if p.name != Path(__file__).name)
    used = set(re.findall(r'"((?:cactus|imshop-[a-z]+|yandex):\d+)"', sources))
    assert set(KEYS) - used == set(), "examples no test replays"
    assert used - set(KEYS) == set(), "keys missing from keys.py"


def test_every_example_loads():
    for key in KEYS:
        assert example(key) is not None


def test_lenient_json_reads_documentation_json():
    text = """{
        "a": "x // not a comment", // a comment
        "b": [1, 2,]
        "c": {"d": null}}
    }"""
    assert lenient_json(text) == {"a": "x // not a comment", "b": [1, 2], "c": {"d": None}}
    assert lenient_json('"pickupInfo": {"price": 100}') == {"pickupInfo": {"price": 100}}


def test_spec_diff_reports_each_difference_with_its_path():
    expected = {"id": "1", "items": [{"v": 4.0, "s": "a"}, {"v": 1}], "gone": None, "ts": "2022-01-01"}
    actual = {"id": "1", "items": [{"v": 4, "s": "b"}], "ts": "2024-05-05", "extra": 1}

    assert spec_diff(actual, expected, generated=("ts",)) == [
        "items: 1 items, spec has 2",
        "items[0].s: spec 'a', answered 'b'",
        "gone: missing (spec: None)",
    ]
    assert spec_diff(actual, expected, generated=("ts", "items", "gone"), extra_keys=True) == [
        "gone: missing (spec: None)",
        ".extra: not in the spec (answered 1)",
    ]
    assert spec_diff({"ts": ""}, {"ts": "x"}, generated=("ts",)) == ["ts: generated value expected, got ''"]
    assert spec_diff({"n": True}, {"n": 1}) == ["n: spec 1, answered True"]
