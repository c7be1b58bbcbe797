"""The spec's examples, read by line, and the field-by-field comparison of an answer with one.

The spec's examples are JSON as people write it in documentation: `// comments`, missing commas between
members, trailing commas, a stray closing bracket, a bare `"key": {...}` fragment. `lenient_json` reads
exactly that (and nothing looser): it tokenizes, drops comments and stray closers, inserts the missing commas
and drops the trailing ones.

Examples are cached in `examples.json` (committed; CI has no `../shared/spec`), keyed by `<file>:<line>` where
the line is the example's first line in the spec file. `python -m tests.spec.speclib` regenerates the cache from
the spec; `test_examples_are_the_spec_text` checks the cache against the spec whenever the spec is present.
"""

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
CACHE = HERE / "examples.json"
# The spec sits beside the project (`../shared/spec`, README); worktrees are one level deeper.
_ROOT = HERE.parents[1]
SPEC_DIR = next(
    (d for d in (_ROOT.parent / "shared" / "spec", _ROOT.parent.parent / "shared" / "spec") if d.is_dir()),
    _ROOT.parent / "shared" / "spec",
)

FILES = {
    "cactus": "cactus-products-api.txt",
    "imshop-availability": "imshop-stock-availability.md",
    "imshop-pickup": "imshop-pickup-point.md",
    "imshop-cart": "imshop-cart-calculation.md",
    "yandex": "yandex-eats-availability.txt",
}

_TOKEN = re.compile(
    r'\s+|//[^\n]*|"(?:[^"\\\n]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null|[{}\[\]:,]',
)
_PAIR = {"}": "{", "]": "["}
_VALUE_END = re.compile(r'^("|-?\d|true$|false$|null$|[}\]])')
_VALUE_START = re.compile(r'^("|-?\d|true$|false$|null$|[{\[])')


def lenient_json(text: str):
    """Parse documentation JSON: comments, missing commas and trailing commas allowed; a bare `"key": value`
    fragment is read as an object of that one member."""
    tokens, stack, pos = [], [], 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise ValueError(f"unexpected text at {pos}: {text[pos : pos + 30]!r}")
        token = match.group()
        pos = match.end()
        if token.isspace() or token.startswith("//"):
            continue
        if tokens and _VALUE_END.match(tokens[-1]) and _VALUE_START.match(token):
            tokens.append(",")  # a missing comma between two members or items
        if token in "}]":
            if not stack or stack[-1] != _PAIR[token]:
                continue  # a stray closer (the GET /products example has one `}` too many)
            stack.pop()
            if tokens and tokens[-1] == ",":
                tokens.pop()
        elif token in "{[":
            stack.append(token)
        tokens.append(token)
    source = "".join(tokens)
    if source.startswith('"'):
        source = "{" + source + "}"
    return json.loads(source)


def _block_end(lines: list[str], start: int) -> int:
    """The index of the line where the JSON value starting at lines[start] closes (brackets balanced)."""
    stack, in_string = [], False
    for index in range(start, len(lines)):
        line = lines[index]
        i = 0
        while i < len(line):
            char = line[i]
            if in_string:
                if char == "\\":
                    i += 1
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif line.startswith("//", i):
                break
            elif char in "{[":
                stack.append(char)
            elif char in "}]" and stack and stack[-1] == _PAIR[char]:
                stack.pop()
                if not stack:
                    return index
            i += 1
    raise ValueError(f"no end for the block at line {start + 1}")


def read_spec(key: str) -> dict:
    """Read the example `<file>:<line>` from the spec itself: {"lines": "a-b", "value": ...}."""
    name, line = key.rsplit(":", 1)
    lines = (SPEC_DIR / FILES[name]).read_text(encoding="utf-8").splitlines()
    start = int(line) - 1
    end = _block_end(lines, start)
    return {"lines": f"{start + 1}-{end + 1}", "value": lenient_json("\n".join(lines[start : end + 1]))}


def _cache() -> dict:
    return json.loads(CACHE.read_text(encoding="utf-8"))


_CACHED: dict | None = None


def example(key: str):
    """The example starting at `<file>:<line>` (see FILES), from the committed cache."""
    global _CACHED
    if _CACHED is None:
        _CACHED = _cache()
    if key not in _CACHED:
        raise KeyError(f"{key} is not in {CACHE.name}: add it to KEYS and run `python -m tests.spec.speclib`")
    return json.loads(json.dumps(_CACHED[key]["value"]))  # a fresh copy: tests may edit it


# ------------------------------------------------------------------------------------------------ comparison
GENERATED = object()  # `expected` may name a path as generated: present and non-empty, any value


def _match(pattern: str, path: str) -> bool:
    """`products[*].variants[0].id` matches `products[3].variants[0].id`."""
    regex = "^" + re.escape(pattern).replace(r"\[\*\]", r"\[\d+\]") + "$"
    return re.match(regex, path) is not None


def _covers(pattern: str, path: str) -> bool:
    """An allow-listed path covers itself and everything under it."""
    regex = "^" + re.escape(pattern).replace(r"\[\*\]", r"\[\d+\]") + r"($|[.\[])"
    return re.match(regex, path) is not None


def spec_diff(actual, expected, *, generated=(), extra_keys: bool = False) -> list[str]:
    """Every difference between an answer and the spec's example answer, as `path: ...` lines.

    Recursive: objects compare by the example's keys (a key the example has and the answer lacks is a
    difference; keys only the answer has are differences only with `extra_keys=True`, since the spec's
    examples show a selection of fields); lists compare item by item and by length; numbers by value
    (`4.0 == 4`). Paths in `generated` (wildcard `[*]`) are generated ids and times: present, of the same
    JSON type and non-empty, any value.
    """
    out: list[str] = []

    def walk(a, e, path):
        if any(_match(p, path) for p in generated):
            if a in (None, "") or type(a) is not type(e) and not (_is_num(a) and _is_num(e)):
                out.append(f"{path}: generated value expected, got {a!r}")
            return
        if isinstance(e, dict):
            if not isinstance(a, dict):
                out.append(f"{path}: expected an object, got {a!r}")
                return
            for key, value in e.items():
                sub = f"{path}.{key}" if path else key
                if key not in a:
                    out.append(f"{sub}: missing (spec: {value!r})")
                else:
                    walk(a[key], value, sub)
            if extra_keys:
                for key in a.keys() - e.keys():
                    out.append(f"{path}.{key}: not in the spec (answered {a[key]!r})")
        elif isinstance(e, list):
            if not isinstance(a, list):
                out.append(f"{path}: expected a list, got {a!r}")
                return
            if len(a) != len(e):
                out.append(f"{path}: {len(a)} items, spec has {len(e)}")
            for index, (x, y) in enumerate(zip(a, e, strict=False)):
                walk(x, y, f"{path}[{index}]")
        elif _is_num(e) and _is_num(a):
            if a != e:
                out.append(f"{path}: spec {e!r}, answered {a!r}")
        elif a != e or type(a) is not type(e):
            out.append(f"{path}: spec {e!r}, answered {a!r}")

    walk(actual, expected, "")
    return out


def _is_num(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def assert_as_spec(actual, expected, *, generated=(), differs: dict[str, str] | None = None, extra_keys=False):
    """Assert the answer equals the spec's example except for generated values and the paths in `differs`
    (path pattern, covering what is under it -> why we differ on purpose). Each `differs` entry must still be
    needed: a difference that went away fails the test, so the allow-list never outlives its reason."""
    differs = differs or {}
    found = spec_diff(actual, expected, generated=generated, extra_keys=extra_keys)
    unexpected = [d for d in found if not any(_covers(p, d.split(":", 1)[0]) for p in differs)]
    unused = [p for p in differs if not any(_covers(p, d.split(":", 1)[0]) for d in found)]
    problems = [f"differs from the spec: {d}" for d in unexpected]
    problems += [f"allow-listed but no longer different (drop it): {p}" for p in unused]
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------------------------------------ the cache
# Every example the suite replays, as `<file>:<first line>`; the tests name the same keys.
KEYS: list[str] = []


def regenerate() -> None:
    data = {key: read_spec(key) for key in KEYS}
    CACHE.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    from .keys import KEYS as _keys

    KEYS.extend(_keys)
    regenerate()
    print(f"{len(KEYS)} examples written to {CACHE}")
