"""Read course.yaml into plain Python data plus a map from document path to line.

PyYAML's own constructors are not used for the document structure: walking the
composed node tree keeps each value's line, refuses duplicate keys and bounds
the work an alias bomb, a self-referring alias or deep nesting could cause.
Dates and times stay strings here (the model parses them), so that `2024-02-30`
becomes an ordinary validation error with a line number, and an unquoted `18:00`
(the integer 1080 in YAML 1.1) is still read as a time.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml

from ..errors import Problems, session_label
from . import plaintext
from .sourcefile import decode

Path = tuple  # ("sessions", 2, "date")

MAX_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 50
YEARS = (1900, 2200)
"""The years a date may have: calendars and the handout cannot date year 1 or 9999."""
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE
"""What PyYAML's reader refuses in a file: control characters other than tab and line breaks, surrogates, U+FFFE/F."""
_INVISIBLE_BREAKS = ("\x85", "\u2028", "\u2029")


class _Refused(Exception):
    """The document cannot be turned into data safely; carries the line and what to say."""

    def __init__(self, line: int | None, message: str, fix: str):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps and sexagesimal numbers as text and refuses deep nesting."""

    _depth = 0

    def compose_node(self, parent, index):
        # PyYAML's composer recurses once per level: stop long before Python's recursion limit.
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise _Refused(self.peek_event().start_mark.line + 1,
                               f"the lists and groups are nested more than {MAX_DEPTH} levels deep",
                               "check the brackets and the indentation here")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _keep_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


def _int_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int | str:
    # `18:00` is a time, not sexagesimal 1080; `012` is not octal 10 (a room "0123" stays "0123").
    if ":" in node.value or re.fullmatch(r"[-+]?0[0-9_]+", node.value):
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


def session_names(data: Any) -> dict[int, str]:
    """Each session's position in course.yaml -> its name on the site, "session 7 (19 June 2024)".

    The site numbers sessions by date and start time (`load`). While a date is missing or unreadable
    that order is unknown, so sessions are then counted in the order they are written.
    """
    items = data.get("sessions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return {}
    meetings = data.get("meetings")
    default = _start(meetings.get("start")) if isinstance(meetings, dict) else None
    days = [_day(item.get("date")) if isinstance(item, dict) else None for item in items]
    starts = [(_start(item.get("start")) if isinstance(item, dict) else None) or default or "" for item in items]
    order = list(range(len(items)))
    if None not in days:  # sessions at one time keep the order they are written in
        order.sort(key=lambda i: (days[i], starts[i]))
    return {i: session_label(n, days[i]) for n, i in enumerate(order, 1)}


def _start(value: Any) -> str | None:
    """A start time as sortable text ("09:30"), or None when it is not one."""
    m = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip()) if isinstance(value, str) else None
    return f"{int(m[1]):02d}:{m[2]}" if m else None


def _day(value: Any) -> dt.date | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", str(value).strip()) if isinstance(value, (str, int)) else None
    try:
        day = dt.date(*map(int, m.groups())) if m else None
    except ValueError:
        return None
    # A date the loader refuses does not decide the numbering either.
    return day if day is not None and YEARS[0] <= day.year <= YEARS[1] else None


class Located:
    """The loaded document and the line of every value in it."""

    def __init__(self, file: str, data: Any, lines: dict[Path, int]):
        self.file = file
        self.data = data
        self._lines = lines

    def written(self, text: str) -> Path | None:
        """The path of the first value that contains `text` (in document order), or None."""

        def walk(value: Any, path: Path) -> Path | None:
            if isinstance(value, str):
                return path if text in value else None
            items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
            for key, item in items:
                found = walk(item, path + (key,))
                if found is not None:
                    return found
            return None

        return walk(self.data, ())

    def line(self, path: Path) -> int | None:
        """Line of the value at `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self._lines:
                return self._lines[path]
            # A number that keys a mapping (`withdrawn: {4: ...}`) is kept as the text it was written as.
            if isinstance(path[-1], int) and (keyed := path[:-1] + (str(path[-1]),)) in self._lines:
                return self._lines[keyed]
            path = path[:-1]
        return self._lines.get((), 1)


def load_yaml(text: str | bytes, file: str, problems: Problems) -> Located | None:
    """Parse YAML text; on failure record one problem and return None."""
    if isinstance(text, bytes):
        decoded = decode(text, file, problems, MAX_BYTES, "a course file")
        if decoded is None:
            return None
        text = decoded
    # PyYAML breaks lines at U+0085, U+2028 and U+2029 too, editors do not: pasted from a PDF or a web
    # page, they would shift every later line number (and can split a value). They read as spaces. (Replaced one by
    # one where found: str.translate looks every character up in its table, 1.3 ms of the seed's 9 ms load.)
    for brk in _INVISIBLE_BREAKS:
        text = text.replace(brk, " ")
    if _unreadable_characters(text, file, problems):
        return None
    if not text.strip():
        problems.error(file, 1, "the file is empty", fix="start from the example in the README (or `make new`)")
        return None
    try:
        node = _compose(text)
        if node is None:
            problems.error(file, 1, "the file is empty", fix="start from the example in the README (or `make new`)")
            return None
        builder = _Builder(file, problems)
        return Located(file, builder.build(node, ()), builder.lines)
    except yaml.YAMLError as exc:  # with a position; the reader's errors without one are found by the scan above
        line, message, fix = _explain(exc)
        problems.error(file, line, f"YAML syntax error: {message}", fix=fix)
    except _Refused as exc:
        problems.error(file, exc.line, exc.message, fix=exc.fix)
    return None


def _unreadable_characters(text: str, file: str, problems: Problems) -> bool:
    """Report each line with a character the YAML reader refuses (NUL, other control characters); True if any.

    PyYAML would name only the first one, by its position in the whole text.
    """
    found = False
    for number, line in enumerate(text.split("\n"), 1):
        m = _NON_PRINTABLE.search(line)
        if m:
            what, fix = plaintext.problem(m[0], one_line=False) or ("contains a character YAML cannot read", "delete it")
            problems.error(file, number, f"the line {what}", fix=fix)
            found = True
    return found


def _explain(exc: yaml.YAMLError) -> tuple[int | None, str, str]:
    """Line, message and fix for a PyYAML syntax error, in the organizer's terms where the cause is clear."""
    if not isinstance(exc, yaml.MarkedYAMLError):
        return None, " ".join(str(exc).split()), "check the file's syntax"
    problem, context = exc.problem or "", exc.context or ""
    line = exc.problem_mark.line + 1 if exc.problem_mark else None
    context_line = exc.context_mark.line + 1 if exc.context_mark else line
    if "'\\t'" in problem:
        return line, "a tab character is used for indentation", "indent with spaces, not tabs"
    if context.startswith("while parsing a flow sequence"):
        return context_line, "the list opened with `[` on this line is not closed with `]`", \
            "close it with `]` and separate the items with commas, or write one `- item` per line"
    if context.startswith("while parsing a flow mapping"):
        return context_line, "the group opened with `{` on this line is not closed with `}`", \
            "close it with `}` and separate the entries with commas, or write one `key: value` per line"
    if context.startswith("while scanning a quoted scalar"):
        return context_line, "the quoted text that starts on this line has no closing quote", \
            "add the closing quote at the end of the text"
    if context.startswith("while scanning a simple key"):
        return context_line, "this line has no `:` after its key", \
            "write `key: value`, or indent the line further if it continues the text above"
    if problem.startswith("mapping values are not allowed here"):
        return line, "a `:` where no new key can start", \
            "put text that contains `: ` in quotes, or check the indentation of this line"
    if problem.startswith("found undefined alias"):
        return line, problem.replace("found undefined alias", "the alias refers to no anchor"), \
            "define the anchor (`&name`) before using it (`*name`), or write the value out"
    if problem.startswith("expected <block end>"):
        return line, "this line does not line up with the lines of its group", \
            "indent it like the keys above it, and check the lines above for a quote that is not closed"
    if context.startswith("expected a single document"):
        return line, "the file holds more than one YAML document", "remove the line `---` (or `...`) here"
    what = problem or context or "invalid YAML"
    return line, what, "check indentation, colons and quotes on this line and the one before"


class _Builder:
    """Turns composed nodes into plain data, recording lines and bounding what aliases can expand to."""

    def __init__(self, file: str, problems: Problems):
        self.file, self.problems = file, problems
        self.lines: dict[Path, int] = {}
        self.loader = _Loader("")
        self.budget = MAX_NODES
        self.open: set[int] = set()  # ids of the collections being built: an alias to one of them is a cycle

    def error(self, node: yaml.Node, path: Path, message: str, fix: str) -> None:
        self.problems.error(self.file, node.start_mark.line + 1, message, path=path, fix=fix)

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.budget -= 1
        if self.budget < 0:
            top = self.lines.get(path[:1]) if path else None  # the top-level key whose value blew up
            raise _Refused(top, f"the document expands to more than {MAX_NODES:,} values (nested YAML aliases?)",
                           "write the values out instead of using anchors and aliases")
        if len(path) > MAX_DEPTH:  # aliases can nest deeper than the text does
            raise _Refused(self.lines.get(path[:1]), f"the lists and groups are nested more than {MAX_DEPTH} levels deep",
                           "check the anchors (`&name`) and aliases (`*name`) here")
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            if node.tag not in ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"):
                self.unsupported(node, path)
                return None
            if id(node) in self.open:
                self.error(node, path, "an alias refers to the list or group that contains it",
                           fix="write the value out instead of using the alias")
                return None
            self.open.add(id(node))
            try:
                return self.mapping(node, path) if isinstance(node, yaml.MappingNode) else \
                    [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
            finally:
                self.open.discard(id(node))
        return self.scalar(node, path)

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict:
        if not hasattr(node, "merged"):
            # `<<: *anchor` merge keys: PyYAML puts the merged pairs first; explicit keys may override them.
            before = len(node.value)
            merge_keys = sum(1 for k, _ in node.value if k.tag == "tag:yaml.org,2002:merge")
            try:
                self.loader.flatten_mapping(node)
            except yaml.MarkedYAMLError as exc:
                self.error(node, path, f"cannot merge: {exc.problem}", fix="`<<:` must be followed by an alias of a group (`<<: *name`)")
                node.value = [(k, v) for k, v in node.value if k.tag != "tag:yaml.org,2002:merge"]
            node.merged = max(0, len(node.value) - (before - merge_keys))  # type: ignore[attr-defined]
        result: dict[str, Any] = {}
        from_merge: set[str] = set()
        repeated = False
        for index, (key_node, value_node) in enumerate(node.value):
            try:
                key = self.loader.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
            except (yaml.YAMLError, ValueError, OverflowError):
                key = None
            if not isinstance(key, (str, int, float, bool)) or key is None:
                self.error(key_node, path, "a key must be a plain word", fix="write `key: value`")
                continue
            key = str(key)
            merged = index < node.merged  # type: ignore[attr-defined]
            if key in result and not merged and key not in from_merge:
                if path and isinstance(path[-1], int):
                    # In a list entry, a repeated key almost always starts the next entry without its `- `;
                    # one line for the whole entry, and no advice to delete (that would lose the entry).
                    if not repeated:
                        self.error(key_node, path, f"the key '{key}' appears a second time in this entry; a `- ` "
                                   "is probably missing at the start of this line",
                                   fix=f"write `- {key}: ...` with the dash lined up with the other entries' dashes "
                                       "if a new entry starts here, else keep one of the two")
                    repeated = True
                    continue
                self.error(key_node, path, f"the key '{key}' appears twice", fix="keep one of them")
                continue
            (from_merge.add if merged else from_merge.discard)(key)
            result[key] = self.build(value_node, path + (key,))
            self.lines[path + (key,)] = key_node.start_mark.line + 1
        return result

    def unsupported(self, node: yaml.Node, path: Path) -> None:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        self.error(node, path, f"the YAML tag '{tag}' is not supported", fix="remove the word that starts with `!` before the value")

    def scalar(self, node: yaml.Node, path: Path) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            if "could not determine a constructor" in (exc.problem or ""):
                self.unsupported(node, path)
            else:
                self.error(node, path, f"cannot read the value {node.value!r}: {exc.problem}", fix="quote the value")
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            self.error(node, path, f"cannot read the value {node.value!r}: {exc}", fix="quote the value")
        return None
