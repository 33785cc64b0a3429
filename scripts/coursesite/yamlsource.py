"""Read course.yaml into plain Python data plus a map from document path to line.

PyYAML's own constructors are not used for the document structure: walking the
composed node tree keeps each value's line, refuses duplicate keys and bounds
the work an alias bomb could cause. Dates and times stay strings here (the
model parses them) so that `2024-02-30` or `18:00` (which YAML 1.1 reads as the
integer 1080) become ordinary validation errors with a line number.
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Problems

Path = tuple  # ("sessions", 2, "date")

MAX_BYTES = 1_000_000
MAX_NODES = 100_000


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps and sexagesimal numbers as text."""


def _keep_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


def _int_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    if ":" in node.value:
        return loader.construct_scalar(node)
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _keep_text)
_Loader.add_constructor("tag:yaml.org,2002:int", _int_or_text)

# libyaml, when PyYAML has it, builds the node tree about twenty times faster. The pure-Python
# parser stays the reference: it parses again whatever libyaml rejects, so error messages do not change.
_FAST = getattr(yaml, "CSafeLoader", None)


def _compose(text: str) -> yaml.Node | None:
    if _FAST is not None:
        try:
            return yaml.compose(text, Loader=_FAST)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=_Loader)


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


class Located:
    """The loaded document and the line of every value in it."""

    def __init__(self, file: str, data: Any, lines: dict[Path, int]):
        self.file = file
        self.data = data
        self._lines = lines

    def line(self, path: Path) -> int | None:
        """Line of the value at `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self._lines:
                return self._lines[path]
            path = path[:-1]
        return self._lines.get((), 1)


class _TooLarge(Exception):
    pass


def load_yaml(text: str | bytes, file: str, problems: Problems) -> Located | None:
    """Parse YAML text; on failure record one problem and return None."""
    if isinstance(text, bytes):
        if len(text) > MAX_BYTES:
            problems.error(file, None, f"the file is {len(text):,} bytes, more than the {MAX_BYTES:,} a course file may have",
                           fix="check that this is the right file")
            return None
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = text[: exc.start].count(b"\n") + 1
            problems.error(file, line, f"byte 0x{text[exc.start]:02x} is not valid UTF-8",
                           fix="save the file with UTF-8 encoding")
            return None
    if not text.strip():
        problems.error(file, 1, "the file is empty", fix="start from the example in the README (or `make new`)")
        return None
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "invalid YAML"
        fix = "indent with spaces, not tabs" if "\\t" in what or "\t" in what else \
            "check indentation, colons and quotes on this line and the one before"
        problems.error(file, line, f"YAML syntax error: {what}", fix=fix)
        return None
    except yaml.YAMLError as exc:  # errors without a position
        problems.error(file, None, f"YAML syntax error: {exc}", fix="check the file's syntax")
        return None
    if node is None:
        problems.error(file, 1, "the file is empty", fix="start from the example in the README (or `make new`)")
        return None
    lines: dict[Path, int] = {}
    loader = _Loader("")
    budget = [MAX_NODES]
    try:
        data = _construct(node, (), lines, loader, file, problems, budget)
    except _TooLarge:
        problems.error(file, None, f"the document expands to more than {MAX_NODES:,} values (nested YAML aliases?)",
                       fix="write the values out instead of using anchors and aliases")
        return None
    return Located(file, data, lines)


def _construct(node: yaml.Node, path: Path, lines: dict, loader: _Loader, file: str,
               problems: Problems, budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves `<<` merge keys
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int, float, bool)) or key is None:
                problems.error(file, key_node.start_mark.line + 1, "a key must be a plain word",
                               path=format_path(path), fix="write `key: value`")
                continue
            key = str(key)
            if key in result:
                problems.error(file, key_node.start_mark.line + 1, f"the key '{key}' appears twice",
                               path=format_path(path), fix="keep one of them")
                continue
            result[key] = _construct(value_node, path + (key,), lines, loader, file, problems, budget)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, path + (i,), lines, loader, file, problems, budget)
                for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        problems.error(file, node.start_mark.line + 1, f"cannot read the value {node.value!r}: {exc}",
                       path=format_path(path), fix="quote the value")
        return None
