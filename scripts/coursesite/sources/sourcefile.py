"""Turn an organizer's file into text: a size limit and UTF-8, each reported as a problem."""

from __future__ import annotations

from ..errors import Problems


def decode(raw: bytes, file: str, problems: Problems, max_bytes: int, what: str) -> str | None:
    """The file's text, or None after reporting why it cannot be read (`what`: "a course file", ...)."""
    if len(raw) > max_bytes:
        problems.error(file, None, f"the file is {len(raw):,} bytes, more than the {max_bytes:,} {what} may have",
                       fix="check that this is the right file")
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.error(file, line, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8", fix="save the file with UTF-8 encoding")
        return None
