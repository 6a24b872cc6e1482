"""Valid-looking JSON made wrong: a template with a few fields mutated, dropped or renamed.

The mutations are made by a `random.Random` seeded by Hypothesis: building deep JSON out of
Hypothesis draws costs milliseconds an example, a seeded generator microseconds, and the seed
reproduces the example exactly.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from random import Random
from typing import Any

from tests.fuzz.nasty import (
    RAW_NUMBER_TOKENS,
    any_json_value,
    extreme_date,
    extreme_number,
    hostile_text,
)

Path = tuple[str | int, ...]
_RAW_MARK = "\x00raw:"
_RAW_TOKEN = re.compile(r'"\\u0000raw:([^"]*)"')


class Template:
    """A well-formed document to mutate, with a short repr so Hypothesis's reports stay short."""

    def __init__(self, name: str, document: Any) -> None:
        self.name = name
        self.document = document

    def __repr__(self) -> str:
        return f"Template({self.name!r})"


def raw_token(token: str) -> str:
    """A string that `dumps` writes into the JSON text as the bare token (1e400, NaN...)."""
    return _RAW_MARK + token


def dumps(document: Any, *, ensure_ascii: bool = True) -> str:
    # json.dumps escapes control characters either way, so the mark reads "\u0000raw:".
    text = json.dumps(document, ensure_ascii=ensure_ascii, allow_nan=True)
    return _RAW_TOKEN.sub(lambda found: found.group(1), text)


def paths(document: Any, here: Path = ()) -> Iterator[Path]:
    yield here
    if isinstance(document, dict):
        for key, value in document.items():
            yield from paths(value, (*here, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from paths(value, (*here, index))


def _get(document: Any, path: Path) -> Any:
    for step in path:
        document = document[step]
    return document


def _set(document: Any, path: Path, value: Any) -> Any:
    if not path:
        return value
    _get(document, path[:-1])[path[-1]] = value
    return document


def _delete(document: Any, path: Path) -> Any:
    if not path:
        return None
    del _get(document, path[:-1])[path[-1]]
    return document


def _strings_replaced(document: Any, text: str) -> Any:
    if isinstance(document, str):
        return text
    if isinstance(document, dict):
        return {key: _strings_replaced(value, text) for key, value in document.items()}
    if isinstance(document, list):
        return [_strings_replaced(value, text) for value in document]
    return document


_DATE_LIKE = re.compile(r"^\d{4}-\d\d-\d\d|^\d\d:\d\d")


def _dates_replaced(document: Any, rng: Random) -> Any:
    """Every date and time below `document` swapped for an extreme one."""
    if isinstance(document, str) and _DATE_LIKE.match(document):
        return extreme_date(rng)
    if isinstance(document, dict):
        return {key: _dates_replaced(value, rng) for key, value in document.items()}
    if isinstance(document, list):
        return [_dates_replaced(value, rng) for value in document]
    return document


def _numbers_replaced(document: Any, rng: Random) -> Any:
    """Every number below `document` swapped for an extreme one (or a number in a string)."""
    if isinstance(document, int | float) and not isinstance(document, bool):
        return extreme_number(rng) if rng.randrange(3) else raw_token(rng.choice(RAW_NUMBER_TOKENS))
    if isinstance(document, dict):
        return {key: _numbers_replaced(value, rng) for key, value in document.items()}
    if isinstance(document, list):
        return [_numbers_replaced(value, rng) for value in document]
    return document


def _renamed(key: str, how: str) -> str:
    if how == "lower":
        return key.lower()
    if how == "camel":
        return key[:1].lower() + key[1:]
    if how == "snake":
        return re.sub(r"(?<!^)([A-Z])", r"_\1", key).lower()
    return key + "X"


def wrong_value(rng: Random) -> Any:
    """A value of another type, or the right type at its extreme."""
    shape = rng.randrange(5)
    if shape == 0:
        return any_json_value(rng)
    if shape == 1:
        return hostile_text(rng)
    if shape == 2:
        return extreme_number(rng)
    if shape == 3:
        return extreme_date(rng)
    return raw_token(rng.choice(RAW_NUMBER_TOKENS))


MUTATIONS = (
    "replace",
    "replace",
    "replace",
    "null",
    "delete",
    "delete",
    "wrap_in_list",
    "wrap_in_object",
    "empty",
    "repeat",
    "rename",
    "poison_strings",
    "extreme_dates",
    "extreme_numbers",
)


def mutated(template: Template, rng: Random) -> Any:
    """`template` with one to four mutations: other types, nulls, missing and renamed fields,
    huge lists, extreme numbers and dates, and HTML and control characters in every string."""
    document = copy.deepcopy(template.document)
    for _ in range(rng.randint(1, 4)):
        path = rng.choice(list(paths(document)))
        mutation = rng.choice(MUTATIONS)
        value = _get(document, path)
        if mutation == "replace":
            document = _set(document, path, wrong_value(rng))
        elif mutation == "null":
            document = _set(document, path, None)
        elif mutation == "delete":
            document = _delete(document, path)
        elif mutation == "wrap_in_list":
            document = _set(document, path, [value])
        elif mutation == "wrap_in_object":
            document = _set(document, path, {"Value": value})
        elif mutation == "empty":
            document = _set(document, path, rng.choice([[], {}, "", 0]))
        elif mutation == "repeat" and isinstance(value, list) and value:
            times = rng.choice([2, 10, 101, 1000])
            document = _set(document, path, [copy.deepcopy(value[0]) for _ in range(times)])
        elif mutation == "rename" and path and isinstance(path[-1], str):
            parent = _get(document, path[:-1])
            how = rng.choice(["lower", "camel", "snake", "suffix"])
            parent[_renamed(path[-1], how)] = parent.pop(path[-1])
        elif mutation == "poison_strings":
            document = _set(document, path, _strings_replaced(value, hostile_text(rng)))
        elif mutation == "extreme_dates":
            document = _set(document, path, _dates_replaced(value, rng))
        elif mutation == "extreme_numbers":
            document = _set(document, path, _numbers_replaced(value, rng))
    return document


def json_text(template: Template, rng: Random) -> bytes:
    """The bytes of a mutated template, sometimes spoiled on the way to the wire."""
    document = mutated(template, rng) if rng.randrange(6) else any_json_value(rng)
    text = dumps(document, ensure_ascii=rng.random() < 0.5)
    spoil = rng.choice(
        ["none", "none", "none", "truncate", "bom", "trailing", "utf16", "latin1", "padding"]
    )
    if spoil == "truncate":
        return text.encode()[: rng.randint(0, max(0, len(text) - 1))]
    if spoil == "bom":
        return b"\xef\xbb\xbf" + text.encode()
    if spoil == "trailing":
        return text.encode() + rng.choice([b"}", b",", b"\x00", b"<html>", b" x"])
    if spoil == "utf16":
        return text.encode("utf-16")
    if spoil == "latin1":
        return text.encode("latin-1", "replace") + b"\xe9\xff"
    if spoil == "padding":
        return b" \r\n\t" * rng.randint(1, 1000) + text.encode()
    return text.encode()
