"""The organizer's grading workbook (private/grades.xlsx): the rotation as rows to grade, never published.

One row per participant number; for every session that takes place, the role or talk the rotation
gives (swaps, `assign`, withdrawals and late joins included), then empty cells for presence and for
each part of `grading:`; per part the mean of the grades entered, and the final grade as the weighted
sum of those means. A part without any grade yet leaves the final grade empty: a missing grade never
counts as zero unless the organizer types one. One more sheet per session shows that meeting's rows
(formulas into the first sheet, protected against typing, so that there is one place to type).

Re-running after a swap or a withdrawal (`merge`): what was typed into the old workbook is read back
(openpyxl) and put where the same participant number and session date are in the new one. A hidden
row of keys under the headings says what each column holds, so moved or renamed headings do not
matter. When something typed has no place any more (a session gone, a column the organizer added),
the caller writes a new file next to the old one and says what would have been lost.

XlsxWriter writes the file (maintained, writes formulas, frozen panes, protection and column widths
without a spreadsheet program); openpyxl reads it back, since XlsxWriter cannot read.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
import xlsxwriter
from openpyxl.cell.cell import Cell
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from ..course import languages
from ..model import Course, Session
from ..render.i18n import N_, Labels
from ..schedule.rotation import Rotation

HEAD_ROWS = 3
"""Row 1: session headings; row 2: column headings; row 3 (hidden): the keys that `entered` reads."""
PRESENT = "present"
NAME = "name"
ROLE = "role"
SHEET_NOTE = N_("Type grades and presence (1 or x) in the white cells of this sheet; the session sheets show them for each meeting.")
"""Under the grades; read back, it is the sheet's own text in any language, not something typed."""

Key = tuple[int, str, str]
"""(participant, session date as YYYY-MM-DD or "" for the name, what: "name", "present" or a grading part)."""


def graded_sessions(course: Course) -> list[Session]:
    """The sessions that take place, in date order: each gets presence and grade columns."""
    return [s for s in course.sessions if not s.cancelled]


def duty(course: Course, rotation: Rotation, participant: int, session: Session, t: Labels) -> str:
    """What the participant does in the session: a role, one or more talks, nothing, or why not."""
    if not rotation.takes_part(participant, session.number):
        left = course.withdrawn.get(participant)
        return t._("withdrawn") if left is not None and session.date >= left else t._("not yet joined")
    parts = []
    role = rotation.role(participant, session.number)
    if role is not None:
        parts.append(role.name)
    for number, key in rotation.talks(participant):
        if number == session.number:
            paper = course.papers.get(key)
            parts.append(t._("Talk") + f": {paper.short if paper else key}")
    return "; ".join(parts) or "–"


@dataclass(frozen=True)
class Layout:
    """Where everything sits on the grades sheet (0-based columns)."""

    sessions: tuple[Session, ...]
    parts: tuple[str, ...]

    def session_columns(self, i: int) -> dict[str, int]:
        """Columns of the i-th session: role, present, then one per grading part."""
        first = 2 + i * (2 + len(self.parts))
        return {ROLE: first, PRESENT: first + 1, **{part: first + 2 + j for j, part in enumerate(self.parts)}}

    @property
    def after_sessions(self) -> int:
        return 2 + len(self.sessions) * (2 + len(self.parts))

    def mean_column(self, j: int) -> int:
        return self.after_sessions + 1 + j

    @property
    def attendance_column(self) -> int:
        return self.after_sessions

    @property
    def final_column(self) -> int:
        return self.after_sessions + 1 + len(self.parts)

    @property
    def last_column(self) -> int:
        return self.final_column if self.parts else self.attendance_column

    def key_of_column(self) -> dict[int, str]:
        keys = {0: "participant", 1: NAME}
        for i, s in enumerate(self.sessions):
            for what, col in self.session_columns(i).items():
                keys[col] = f"{s.date.isoformat()}|{what}"
        keys[self.attendance_column] = "attendance"
        for j, part in enumerate(self.parts):
            keys[self.mean_column(j)] = f"mean|{part}"
        if self.parts:
            keys[self.final_column] = "final"
        return keys


def heading(part: str) -> str:
    """A grading part as a column heading: `oral_exam` -> "Oral exam"."""
    text = part.replace("_", " ")
    return text[:1].upper() + text[1:]


def sheet_names(course: Course, t: Labels) -> tuple[str, list[str]]:
    """The grades sheet's name and one per session (Excel: at most 31 characters, no []:*?/\\)."""
    session = t._("Session")
    return t._("Grades"), [f"{session} {s.number}" for s in graded_sessions(course)]


def workbook(course: Course, rotation: Rotation, kept: dict[Key, object] | None = None) -> bytes:
    """The grading workbook as .xlsx bytes, with the values in `kept` typed in again."""
    t = Labels(course.language)
    kept = kept or {}
    layout = Layout(tuple(graded_sessions(course)), tuple(course.grading))
    out = io.BytesIO()
    # constant_memory off: cells are written row by row anyway, and formats need the whole book.
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                     "strings_to_urls": False})
    # A fixed creation date: equal input gives equal bytes (no clock in build output).
    book.set_properties({"title": f"{course.title} · " + t._("Grades"), "created": dt.datetime(2000, 1, 1)})
    fmt = _formats(book)
    grades_name, session_names = sheet_names(course, t)
    sheet = book.add_worksheet(grades_name)
    _grades_sheet(sheet, course, rotation, layout, kept, t, fmt)
    for i, (session, name) in enumerate(zip(layout.sessions, session_names)):
        _session_sheet(book.add_worksheet(name), course, layout, i, session, grades_name, t, fmt)
    book.close()
    return out.getvalue()


def _formats(book: xlsxwriter.Workbook) -> dict[str, xlsxwriter.format.Format]:
    return {
        "title": book.add_format({"bold": True, "font_size": 13}),
        "session": book.add_format({"bold": True, "align": "center", "bg_color": "#E8EAF6", "border": 1}),
        "head": book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EAF6", "border": 1}),
        "number": book.add_format({"bold": True, "align": "center", "border": 1, "locked": True}),
        "role": book.add_format({"font_color": "#37474F", "border": 1, "text_wrap": True, "valign": "top"}),
        "entry": book.add_format({"border": 1, "locked": False, "bg_color": "#FFFFFF", "num_format": "0.0#"}),
        "name": book.add_format({"border": 1, "locked": False}),
        "computed": book.add_format({"border": 1, "num_format": "0.00", "bg_color": "#F5F5F5"}),
        "count": book.add_format({"border": 1, "num_format": "0", "bg_color": "#F5F5F5"}),
        "final": book.add_format({"border": 1, "num_format": "0.00", "bold": True, "bg_color": "#FFF8E1"}),
        "note": book.add_format({"italic": True, "font_color": "#555555"}),
        "view": book.add_format({"border": 1, "num_format": "General", "bg_color": "#F5F5F5"}),
    }


def _grades_sheet(sheet: Worksheet, course: Course, rotation: Rotation, layout: Layout, kept: dict[Key, object],
                  t: Labels, fmt: dict) -> None:
    parts = layout.parts
    sheet.merge_range(0, 0, 0, 1, t._("Participant"), fmt["session"])
    for i, s in enumerate(layout.sessions):
        cols = layout.session_columns(i)
        first, last = cols[ROLE], max(cols.values())
        title = t._("Session") + f" {s.number} · {s.date.isoformat()}"
        if first == last:
            sheet.write(0, first, title, fmt["session"])
        else:
            sheet.merge_range(0, first, 0, last, title, fmt["session"])
    heads = {0: "No.", 1: t._("Name"), layout.attendance_column: t._("Attendance")}
    for i, _ in enumerate(layout.sessions):
        cols = layout.session_columns(i)
        heads.update({cols[ROLE]: t._("Role"), cols[PRESENT]: t._("Present"), **{cols[p]: heading(p) for p in parts}})
    for j, part in enumerate(parts):
        heads[layout.mean_column(j)] = t._("{part}: mean", part=heading(part))
    if parts:
        heads[layout.final_column] = t._("Final grade")
        weights = ", ".join(f"{w:g} × {heading(p)}" for p, w in course.grading.items())
        sheet.write_comment(1, layout.final_column, t._("Weights") + f": {weights}")
    for col, text in heads.items():
        sheet.write(1, col, text, fmt["head"])
    for col, key in layout.key_of_column().items():
        sheet.write(2, col, key)
    sheet.set_row(2, None, None, {"hidden": True})

    for p in rotation.participants:
        row = HEAD_ROWS + p - 1
        sheet.write_number(row, 0, p, fmt["number"])
        _entry(sheet, row, 1, kept.get((p, "", NAME)), fmt["name"])
        presence = []
        means: dict[str, list[str]] = {part: [] for part in parts}
        for i, s in enumerate(layout.sessions):
            cols = layout.session_columns(i)
            day = s.date.isoformat()
            sheet.write_string(row, cols[ROLE], duty(course, rotation, p, s, t), fmt["role"])
            _entry(sheet, row, cols[PRESENT], kept.get((p, day, PRESENT)), fmt["entry"])
            presence.append(xl_rowcol_to_cell(row, cols[PRESENT]))
            for part in parts:
                _entry(sheet, row, cols[part], kept.get((p, day, part)), fmt["entry"])
                means[part].append(xl_rowcol_to_cell(row, cols[part]))
        sheet.write_formula(row, layout.attendance_column, f"=COUNTA({','.join(presence)})" if presence else "=0",
                            fmt["count"], 0)
        for j, part in enumerate(parts):
            cells = ",".join(means[part])
            # AVERAGE skips empty cells, so a grade not yet given is not a zero.
            sheet.write_formula(row, layout.mean_column(j), f'=IF(COUNT({cells})=0,"",AVERAGE({cells}))',
                                fmt["computed"], "")
        if parts:
            mean_cells = [xl_rowcol_to_cell(row, layout.mean_column(j)) for j in range(len(parts))]
            weighted = "+".join(f"{cell}*{course.grading[part]!r}" for cell, part in zip(mean_cells, parts))
            sheet.write_formula(row, layout.final_column,
                                f'=IF(COUNT({",".join(mean_cells)})={len(parts)},{weighted},"")', fmt["final"], "")

    sheet.freeze_panes(HEAD_ROWS, 2)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 18)
    for i, _ in enumerate(layout.sessions):
        cols = layout.session_columns(i)
        sheet.set_column(cols[ROLE], cols[ROLE], 24)
        sheet.set_column(cols[PRESENT], cols[PRESENT], 9)
        for part in parts:
            sheet.set_column(cols[part], cols[part], max(11, len(part) + 2))
    sheet.set_column(layout.attendance_column, layout.last_column, 13)
    last_row = HEAD_ROWS + len(rotation.participants) + 1
    sheet.write(last_row, 0, t._(SHEET_NOTE), fmt["note"])
    sheet.set_landscape()
    sheet.repeat_rows(0, 1)
    sheet.repeat_columns(0, 1)


def _entry(sheet: Worksheet, row: int, col: int, value: object, cell_format: xlsxwriter.format.Format) -> None:
    """A cell the organizer types into, with what was typed there before (numbers stay numbers)."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, cell_format)
    elif isinstance(value, (int, float)):
        sheet.write_number(row, col, value, cell_format)
    elif isinstance(value, (dt.date, dt.datetime)):
        sheet.write_string(row, col, value.isoformat(), cell_format)
    else:
        sheet.write_string(row, col, str(value), cell_format)


def _session_sheet(sheet: Worksheet, course: Course, layout: Layout, i: int, session: Session, grades: str, t: Labels,
                   fmt: dict) -> None:
    """One meeting: number, name, role or talk, presence and grades, all read from the grades sheet."""
    cols = layout.session_columns(i)
    papers = "; ".join(course.papers[e.key].short for e in session.papers if e.key in course.papers)
    title = f"{course.title} · " + t._("Session") + f" {session.number} · {t.long_date(session.date)}"
    sheet.write(0, 0, title, fmt["title"])
    sheet.write(1, 0, " · ".join(x for x in (t.time_range(session.start, session.end), session.room or "", papers) if x))
    shown = [(0, "No."), (1, t._("Name")), (cols[ROLE], t._("Role")), (cols[PRESENT], t._("Present")),
             *((cols[p], heading(p)) for p in layout.parts)]
    for c, (_, text) in enumerate(shown):
        sheet.write(3, c, text, fmt["head"])
    ref = f"'{grades}'!" if not grades.isalnum() else f"{grades}!"
    for r in range(HEAD_ROWS, HEAD_ROWS + _participants(course)):
        for c, (source, _) in enumerate(shown):
            cell = ref + xl_rowcol_to_cell(r, source)
            # An empty cell on the grades sheet reads as 0 through a plain reference: show it empty.
            sheet.write_formula(r + 1, c, f'=IF({cell}="","",{cell})', fmt["view"], "")
    sheet.write(HEAD_ROWS + _participants(course) + 2, 0, t._("A view of the Grades sheet for this meeting; type on the Grades sheet."), fmt["note"])
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 18)
    sheet.set_column(2, 2, 26)
    sheet.set_column(3, 3, 10)
    for c, part in enumerate(layout.parts, 4):
        sheet.set_column(c, c, max(12, len(part) + 3))
    sheet.freeze_panes(4, 1)
    # A meeting's sheet prints on one page width, to take into the room.
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.protect()


def _participants(course: Course) -> int:
    return course.participants or 0


# --- Reading back what was typed ---------------------------------------------------------------------


@dataclass(frozen=True)
class Entered:
    """What the organizer typed into an existing workbook."""

    values: dict[Key, object]
    """Typed values by (participant, session date, what)."""
    unplaced: tuple[str, ...] = ()
    """Things typed that the workbook's own columns do not hold (other sheets, added columns), described."""


def entered(data: bytes) -> Entered:
    """The typed values of a grades workbook (the first sheet, found by its hidden key row)."""
    book = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    sheet = book.worksheets[0]
    keys = {cell.column - 1: cell.value for cell in sheet[HEAD_ROWS] if isinstance(cell.value, str)}
    values: dict[Key, object] = {}
    unplaced: list[str] = []
    for row in sheet.iter_rows(min_row=HEAD_ROWS + 1):
        number = row[0].value if row else None
        if not isinstance(number, int) or isinstance(number, bool):
            # Below the table: the note the workbook writes, or something the organizer added.
            unplaced.extend(_described(cell) for cell in row if cell.value not in (None, "") and
                            not _own_note(cell.value))
            continue
        for cell in row[1:]:
            if cell.value in (None, ""):
                continue
            key = keys.get(cell.column - 1)
            if key is None:
                unplaced.append(_described(cell))
                continue
            what = _typed_key(key)
            if what is None:
                continue  # a role, a mean, a final grade: written anew from the course
            day, kind = what
            values[(number, day, kind)] = cell.value
    own = {book.worksheets[0].title} | {ws.title for ws in book.worksheets[1:] if ws.protection.sheet}
    for ws in book.worksheets:
        if ws.title not in own:
            unplaced.append(f"the sheet '{ws.title}'")
    return Entered(values, tuple(unplaced))


def _typed_key(key: str) -> tuple[str, str] | None:
    if key == NAME:
        return "", NAME
    day, _, what = key.partition("|")
    if what and what != ROLE and day[:1].isdigit():
        return day, what
    return None


def _own_note(value: object) -> bool:
    return isinstance(value, str) and any(value == Labels(lang)._(SHEET_NOTE) for lang in languages.available())


def _described(cell: Cell) -> str:
    return f"cell {cell.coordinate}"


def placeable(course: Course, rotation: Rotation, typed: Entered) -> tuple[dict[Key, object], list[str]]:
    """The typed values that have a place in the course's workbook now, and a description of the others."""
    layout = Layout(tuple(graded_sessions(course)), tuple(course.grading))
    places = {(p, "", NAME) for p in rotation.participants}
    places |= {(p, s.date.isoformat(), what) for p in rotation.participants for s in layout.sessions
               for what in (PRESENT, *layout.parts)}
    kept = {k: v for k, v in typed.values.items() if k in places}
    lost = [f"participant {p}" + (f", {day}" if day else "") + f": {what} = {value!r}"
            for (p, day, what), value in sorted(typed.values.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))
            if (p, day, what) not in places]
    return kept, [*typed.unplaced, *lost]
