"""JSON Schema for course.yaml, generated from the model's records and field metadata.

Editors that understand `# yaml-language-server: $schema=...` use it to complete
keys and flag mistakes while typing. It is derived from the same type hints that
`convert.py` validates against, so it accepts what the loader accepts (a single
item for a list of texts, numbers for plain text, empty optional keys); rules
that span several fields (paper keys, swaps, dates in order) stay with `load.py`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import types
import typing
from pathlib import Path
from typing import Any, Literal, Union

from ..model import Course, Email, Language, Markdown, Time, Url, WebUrl
from ..sources import addresses
from . import languages
from .convert import hints, input_fields, is_required

DRAFT = "https://json-schema.org/draft/2020-12/schema"
FILE_NAME = "course.schema.json"

# The loader's own patterns (convert.py), so an editor flags what `check` would reject.
DATE_PATTERN = r"^\d{4}-\d{1,2}-\d{1,2}$"
TIME_PATTERN = r"^\d{1,2}[:.]\d{2}$"
_TEXT_TYPES = (str, Markdown)


def json_schema() -> dict:
    """The schema of course.yaml (draft 2020-12), with every record under $defs."""
    defs: dict[str, dict] = {}
    root = _record(Course, defs)
    head = {
        "$schema": DRAFT,
        "title": "course.yaml",
        "description": "A paper-reading seminar: dates, rooms, roles and sessions. "
                       "Generated from scripts/coursesite/model.py by `python -m coursesite schema`; do not edit.",
    }
    return {**head, **root, "$defs": dict(sorted(defs.items()))}


def text(schema: dict | None = None) -> str:
    """The schema as the committed file's text."""
    dumped = json.dumps(schema or json_schema(), indent=2, ensure_ascii=False)
    # Lists of plain values (types, enums, required keys) on one line keep the file readable.
    return re.sub(r"\[\n\s+([^\[\]{}]*?)\n\s*\]",
                  lambda m: "[" + ", ".join(part.strip() for part in m[1].split(",\n")) + "]", dumped) + "\n"


def write(path: str | Path) -> Path:
    path = Path(path)
    path.write_text(text(), encoding="utf-8")
    return path


def _record(cls: type, defs: dict[str, dict]) -> dict:
    properties: dict[str, dict] = {}
    required: list[str] = []
    for f in input_fields(cls):
        schema = _type(hints(cls)[f.name], f, defs)
        if f.metadata.get("doc"):
            schema = {"description": f.metadata["doc"], **schema}
        if is_required(f):
            required.append(f.name)
        else:
            if f.default is not dataclasses.MISSING and isinstance(f.default, (str, int)):
                schema["default"] = f.default
            elif isinstance(f.default, dt.time):
                schema["default"] = f"{f.default:%H:%M}"
            schema = _nullable(schema)
        properties[f.name] = schema
    result: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        result["required"] = required
    return result


def _nullable(schema: dict) -> dict:
    # The loader treats `key:` with nothing after it like a missing optional key.
    schema = dict(schema)
    if isinstance(schema.get("type"), (str, list)) and "anyOf" not in schema:
        types_ = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        schema["type"] = [*types_, "null"]
        return schema
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], None]
        return schema
    keep = {k: schema.pop(k) for k in ("description", "default") if k in schema}
    options = schema["anyOf"] if list(schema) == ["anyOf"] else [schema]
    return {**keep, "anyOf": [*options, {"type": "null"}]}


def _type(tp: Any, f: dataclasses.Field | None, defs: dict[str, dict]) -> dict:
    origin = typing.get_origin(tp)
    meta = f.metadata if f else {}
    if origin in (Union, types.UnionType):
        # X | None: the None part is handled by _nullable, as for every optional field.
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) > 1:  # e.g. a session named by its number or by its date
            return {"anyOf": [_type(a, f, defs) for a in args]}
        return _type(args[0], f, defs)
    if origin is dict:
        key_type, value_type = typing.get_args(tp)
        mapping: dict[str, Any] = {"type": "object", "additionalProperties": _type(value_type, None, defs)}
        if key_type is int:
            mapping["propertyNames"] = {"pattern": "^[0-9]+$"}
        return mapping
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _record(tp, defs)
        ref = {"$ref": f"#/$defs/{name}"}
        if getattr(tp, "SHORTHAND", None):
            # The record's one required text, written alone (a BibTeX key for {key: ...}).
            return {"anyOf": [{"type": "string", "minLength": 1}, ref]}
        return ref
    if tp is bool:
        return {"type": "boolean"}
    if origin is tuple:
        item_type = typing.get_args(tp)[0]
        items = _type(item_type, None, defs)
        array = {"type": "array", "items": items}
        if item_type in (*_TEXT_TYPES, int) or getattr(item_type, "SHORTHAND", None):
            return {"anyOf": [array, items]}  # one item may be written without the list
        return array
    if origin is Literal:
        return {"enum": list(typing.get_args(tp))}
    if tp is Language:
        return {"enum": list(languages.available())}
    if tp is dt.date:
        return {"type": "string", "pattern": DATE_PATTERN}
    if tp in (dt.time, Time):
        return {"type": "string", "pattern": TIME_PATTERN}
    if tp is int:
        schema: dict[str, Any] = {"type": "integer"}
        for key in ("minimum", "maximum"):
            if meta.get(key) is not None:
                schema[key] = meta[key]
        return schema
    if tp is float:
        return {"type": "number"}
    if tp is Url:
        return {"type": "string", "format": "uri", "pattern": addresses.ADDRESS_PATTERN}
    if tp is WebUrl:
        return {"type": "string", "format": "uri", "pattern": addresses.WEB_PATTERN}
    if tp is Email:
        return {"type": "string", "format": "email", "pattern": addresses.EMAIL_PATTERN}
    if tp in _TEXT_TYPES:
        if meta.get("pattern"):
            return {"type": "string", "pattern": meta["pattern"]}
        # A number such as `room: 101` is read as the text "101".
        return {"type": ["string", "number"], "minLength": 1}
    raise TypeError(f"no JSON Schema for {tp!r}")
