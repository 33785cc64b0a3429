"""Turn loaded YAML data into the model's records, guided by their type hints.

One generic walk handles every record, so the rules (unknown keys, missing
keys, types, dates and times) are the same everywhere and each message names
the line and the path. Cross-field rules live in `load.py`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from functools import cache
from typing import Any, Literal, Union

from ..errors import Problems, place
from ..model import Email, Language, Markdown, Time, Url, WebUrl
from ..sources import addresses, plaintext
from ..sources.yamlsource import YEARS, Located, Path
from . import languages

NOT_SET = object()


class Partial(types.SimpleNamespace):
    """A record that could not be built: the fields that converted, and None or the default for the rest.

    The loader still runs its cross-field checks on it, so that one pass reports every problem.
    """

    def __init__(self, cls: type, values: dict[str, Any]):
        defaults = {f.name: f.default if f.default is not dataclasses.MISSING else
                    f.default_factory() if f.default_factory is not dataclasses.MISSING else None
                    for f in dataclasses.fields(cls)}
        super().__init__(**{**defaults, **values})


def complete(value: Any) -> bool:
    """Whether a converted value is whole: no failed part anywhere inside it."""
    if value is NOT_SET or value is None or isinstance(value, Partial):
        return False
    return all(complete(item) for item in value) if isinstance(value, tuple) else True

_TYPE_WORDS = {bool: "true or false", str: "text", int: "a whole number", float: "a number", dt.date: "a date (YYYY-MM-DD)", dt.time: 'a time ("HH:MM")',
               Markdown: "text (Markdown)", Url: "a web address", WebUrl: "a web address",
               Email: "an e-mail address", Time: 'a time ("HH:MM")'}


_LEADING_ZERO = re.compile(r"[-+]?0[0-9_]+")
"""A number written with a leading 0, which yamlsource keeps as text: YAML 1.1 tools (and editors' schema checks)
read `012` as octal ten, people as twelve; so it is refused wherever a whole number belongs, never guessed."""


def _leading_zero(text: str) -> tuple[str, str]:
    return (f"{text} starts with a 0, which other YAML tools read as another number",
            f"write {int(text.replace('_', ''))} without the leading 0")


def _choose(options: list, data: Any) -> Any:
    """The type of a union that fits the data: a number for `session: 2`, a date for `session: 2023-11-21`."""
    if int in options and isinstance(data, str) and _LEADING_ZERO.fullmatch(data):
        return int  # `session: 02` is a number written with a 0, not a date written wrong
    for option in options:
        if option is int and isinstance(data, int) and not isinstance(data, bool):
            return option
        if option is not int and not (isinstance(data, int) and int in options):
            return option
    return options[0]


@cache
def hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def input_fields(cls: type) -> list[dataclasses.Field]:
    """The fields an organizer writes (derived fields are set by the loader)."""
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("derived")]


def is_required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def describe(tp: Any) -> str:
    if tp in _TYPE_WORDS:
        return _TYPE_WORDS[tp]
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin in (Union, types.UnionType):
        return " or ".join(describe(a) for a in typing.get_args(tp) if a is not type(None))
    if origin is tuple:
        return "a list"
    if origin is dict:
        return "a group of `key: value` lines"
    if dataclasses.is_dataclass(tp):
        return "a group of `key: value` lines"
    return getattr(tp, "__name__", str(tp))


def found(value: Any) -> str:
    if isinstance(value, dict):
        return "a group of `key: value` lines"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 40 else text[:37] + "..."


class Converter:
    def __init__(self, doc: Located, problems: Problems):
        self.doc = doc
        self.problems = problems

    def error(self, path: Path, message: str, fix: str = "") -> None:
        self.problems.error(self.doc.file, self.doc.line(path), message, path=path, fix=fix)

    def record(self, cls: type, data: Any, path: Path, refuse: dict[str, str] | None = None) -> Any:
        """Build a dataclass instance; after reporting, a `Partial` if some fields failed, NOT_SET if nothing fits."""
        if not isinstance(data, dict):
            self.error(path, f"expected {describe(cls)}, found {found(data)}",
                       fix="indent the lines below this key" if data is None else "see the README for the format")
            return NOT_SET
        fields = {f.name: f for f in input_fields(cls)}
        suggested: set[str] = set()
        for key in data:
            if key in fields:
                continue
            if refuse and key in refuse:
                self.error(path + (key,), refuse[key])
                continue
            close = difflib.get_close_matches(key, fields, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'?" if close else "allowed here: " + ", ".join(fields)
            self.error(path + (key,), f"unknown key '{key}'", fix=hint)
            suggested.update(close)
        values: dict[str, Any] = {}
        whole = True
        for name, f in fields.items():
            if name not in data or data[name] is None and not is_required(f):
                if is_required(f):
                    # A misspelt key was reported above with this name as the suggestion: one problem, one line.
                    if name not in suggested:
                        where = ("this entry" if isinstance(path[-1], int) else place(path)) if path else "the top level"
                        self.error(path, f"the required key '{name}' is missing",
                                   fix=f"add `{name}:` ({describe(hints(cls)[name])}) to {where}")
                    whole = False
                continue
            value = self.value(hints(cls)[name], data[name], path + (name,), f)
            whole = whole and complete(value)
            if value is not NOT_SET:
                values[name] = value
        return cls(**values) if whole else Partial(cls, values)

    def value(self, tp: Any, data: Any, path: Path, f: dataclasses.Field | None = None) -> Any:
        origin = typing.get_origin(tp)
        if origin in (Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            if data is None:
                return None
            return self.value(_choose(args, data), data, path, f)
        if origin is dict:
            return self.mapping(tp, data, path, f)
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            shorthand = getattr(tp, "SHORTHAND", None)
            if shorthand and isinstance(data, (str, int)) and not isinstance(data, bool):
                data = {shorthand: data}  # e.g. a BibTeX key alone for {key: ...}
            return self.record(tp, data, path)
        if tp is bool:
            if not isinstance(data, bool):
                self.error(path, f"expected true or false, found {found(data)}", fix="write true or false (without quotes)")
                return NOT_SET
            return data
        if origin is tuple:
            item_type = typing.get_args(tp)[0]
            if not isinstance(data, list):
                if isinstance(data, (str, int)) and not isinstance(data, bool) and (
                        item_type in (str, Markdown, int) or getattr(item_type, "SHORTHAND", None)):
                    data = [data]  # a single item written without a list is clear enough
                else:
                    self.error(path, f"expected a list, found {found(data)}", fix="write one `- item` per line")
                    return NOT_SET
            # Failed items stay in place as None, so the checks still see every item at its index.
            items = [self.value(item_type, item, path + (i,)) for i, item in enumerate(data)]
            return tuple(None if item is NOT_SET else item for item in items)
        if origin is Literal:
            allowed = typing.get_args(tp)
            if data in allowed:
                return data
            close = difflib.get_close_matches(str(data), [str(a) for a in allowed], n=1, cutoff=0.5)
            fix = f"did you mean '{close[0]}'?" if close else "use one of " + ", ".join(map(str, allowed))
            self.error(path, f"{found(data)} is not allowed here", fix=fix)
            return NOT_SET
        if tp is Language:
            return self.language(data, path)
        if tp is dt.date:
            return self.date(data, path)
        if tp is dt.time:
            return self.time(data, path)
        if tp is float:
            if isinstance(data, bool) or not isinstance(data, (int, float)):
                self.error(path, f"expected a number, found {found(data)}", fix="write a number such as 0.6 (a point, no %)")
                return NOT_SET
            return float(data)
        if tp is int:
            if isinstance(data, str) and _LEADING_ZERO.fullmatch(data):
                self.error(path, *_leading_zero(data))
                return NOT_SET
            if isinstance(data, bool) or not isinstance(data, int):
                # Text is not repeated: names typed where a count belongs would end up in public CI logs.
                what = "text" if isinstance(data, str) else found(data)
                self.error(path, f"expected a whole number, found {what}", fix="write digits only, e.g. 12")
                return NOT_SET
            meta = f.metadata if f else {}
            low, high = meta.get("minimum"), meta.get("maximum")
            if (low is not None and data < low) or (high is not None and data > high):
                self.error(path, f"{data} is out of range", fix=f"use a number from {low} to {high}")
                return NOT_SET
            return data
        # Text of some kind.
        if isinstance(data, dict) and len(data) == 1 and isinstance(next(iter(data.values())), (str, int, float)):
            # `- What does x: y mean?` is a key `What does x` with the value `y mean?` to YAML.
            text = "{}: {}".format(*next(iter(data.items())))
            quoted = f"'{text}'" if '"' in text else f'"{text}"'
            self.error(path, "this text contains `: `, which YAML reads as a key and a value",
                       fix=f"put the whole text in quotes: {quoted if len(quoted) <= 60 else quoted[:56] + '...' + quoted[0]}")
            return NOT_SET
        if isinstance(data, (dict, list)) or isinstance(data, bool) or data is None:
            self.error(path, f"expected {describe(tp)}, found {found(data)}",
                       fix="put the text in quotes" if isinstance(data, bool) else "write the text on the same line as the key")
            return NOT_SET
        text = str(data).strip()
        if not text:
            self.error(path, "the text is empty", fix="write something or remove the key")
            return NOT_SET
        bad = plaintext.problem(text, one_line=tp is str) if tp in (str, Markdown) else None
        if bad:
            self.error(path, bad[0], fix=bad[1])
            return NOT_SET
        check = {Url: addresses.address_problem, WebUrl: addresses.web_problem, Email: addresses.email_problem}.get(tp)
        problem = check(text) if check else None
        if problem:
            fix = "write the address alone, e.g. name@uni.example" if tp is Email else "write a full address starting with https://"
            self.error(path, f"{found(data)} {problem}", fix=fix)
            return NOT_SET
        pattern = f.metadata.get("pattern") if f else None
        if pattern and not re.match(pattern, text):
            assert f is not None
            self.error(path, f"{found(data)} {f.metadata.get('invalid', 'is not a valid identifier')}",
                       fix=f.metadata.get("fix", "use letters, digits, - and _ only, starting with a letter"))
            return NOT_SET
        return text

    def mapping(self, tp: Any, data: Any, path: Path, f: dataclasses.Field | None) -> Any:
        """A `{key: value}` group such as `withdrawn: {4: 2023-11-21}`; failed entries are left out."""
        key_type, value_type = typing.get_args(tp)
        if not isinstance(data, dict):
            self.error(path, f"expected {describe(tp)}, found {found(data)}", fix="write one `key: value` per line")
            return NOT_SET
        result = {}
        whole = True
        for key, item in data.items():
            if key_type is int and isinstance(key, str) and _LEADING_ZERO.fullmatch(key):
                # Placed as the number it is meant to be (`withdrawn[10]`), at the line of its own entry.
                message, fix = _leading_zero(key)
                self.problems.error(self.doc.file, self.doc.line(path + (key,)), message,
                                    path=path + (int(key.replace("_", "")),), fix=fix)
                whole = False
                continue
            # YAML reads `4:` as a number, but keys arrive as text here: a number key is written in digits.
            k = int(key) if key_type is int and isinstance(key, str) and key.isdigit() else key
            k = self.value(key_type, k, path + (key,))
            v = self.value(value_type, item, path + (key,), f)
            if k is NOT_SET or v is NOT_SET or not complete(v):
                whole = False
            else:
                result[k] = v
        return result if whole else NOT_SET

    def language(self, data: Any, path: Path) -> Any:
        """A language the labels are translated into: the list grows with each catalog (`languages`)."""
        available = languages.available()
        if data in available:
            return data
        if not isinstance(data, str):
            self.error(path, f"{found(data)} is not allowed here", fix=f"use one of {', '.join(available)}")
            return NOT_SET
        # "FR", "fr-CH", "de_AT": the language is there, written with capitals or a region. Other codes are
        # not typos of a listed one ("es" is not "en"), so no guess.
        base = re.split(r"[-_]", data)[0].lower()
        fix = (f"did you mean '{base}'?" if base in available else
               f"use one of {', '.join(available)}, or translate the labels first (README: Adding a language)")
        self.error(path, f"{found(data)} has no translation of the page labels", fix=fix)
        return NOT_SET

    def date(self, data: Any, path: Path) -> Any:
        text = str(data).strip() if isinstance(data, (str, int)) and not isinstance(data, bool) else None
        m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text or "")
        if not m:
            self.error(path, f"expected a date (YYYY-MM-DD), found {found(data)}", fix="write e.g. 2023-10-31")
            return NOT_SET
        year, month, day = map(int, m.groups())
        if not YEARS[0] <= year <= YEARS[1]:  # calendars and the handout cannot date year 1 or 9999
            self.error(path, f"{text} is not a year a seminar takes place in", fix="check the year (four digits, e.g. 2024)")
            return NOT_SET
        try:
            return dt.date(year, month, day)
        except ValueError as exc:
            self.error(path, f"{text} is not a real date ({exc})", fix="check the day and month")
            return NOT_SET

    def time(self, data: Any, path: Path) -> Any:
        if isinstance(data, int) and not isinstance(data, bool):
            self.error(path, f"expected a time, found the number {data}", fix='write the time in quotes, e.g. "18:00"')
            return NOT_SET
        m = re.fullmatch(r"(\d{1,2})[:.](\d{2})", str(data).strip()) if isinstance(data, str) else None
        if not m:
            self.error(path, f'expected a time ("HH:MM"), found {found(data)}', fix='write e.g. "18:00"')
            return NOT_SET
        hour, minute = map(int, m.groups())
        if hour > 23 or minute > 59:
            self.error(path, f"{data} is not a time of day", fix="use hours 00-23 and minutes 00-59")
            return NOT_SET
        return dt.time(hour, minute)

