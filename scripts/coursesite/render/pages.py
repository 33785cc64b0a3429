"""Render the course into Markdown pages (Jinja2 templates), one dict entry per page.

The result maps each page's path below docs/ (e.g. "papers/ba2014deep.md") to
its Markdown, so MkDocs (through the hook) or any other engine can use it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import jinja2
from babel.numbers import format_percent

from ..course import paths
from ..model import Course, Paper, Session
from ..schedule import rotation as rotation_mod
from . import citation, escape, mathml
from .escape import Md
from .i18n import Labels
from .sessionview import SessionView

TEMPLATES = Path(__file__).parents[1] / "templates"


def _finalize(value: object) -> object:
    # Every {{ expression }} is plain text unless a filter marked it as Markdown.
    if value is None:
        return ""
    return value if isinstance(value, Md) else escape.text(value)


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Compiled templates in Jinja's private per-user temp folder; trouble there only costs compile time."""

    def get_bucket(self, environment: jinja2.Environment, name: str, filename: str | None,
                   source: str) -> jinja2.bccache.Bucket:
        # Compiled code calls a filter with or without the context, as the filter was when compiled: a new
        # version of a filter must not run with code compiled for the old one (a TypeError on every page).
        kinds = ",".join(f"{n}:{getattr(f, 'jinja_pass_arg', '')}" for n, f in sorted(environment.filters.items()))
        bucket = jinja2.bccache.Bucket(environment, self.get_cache_key(name, filename),
                                       self.get_source_checksum(source + kinds))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError, TypeError):
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Where Jinja keeps compiled templates between builds (for these pages and the theme's, `plugin`)."""
    # Compiling the templates costs more than rendering a small course (the seed: ~60 ms against ~5 ms).
    # A template whose source changed is compiled again (the cache compares checksums).
    try:
        return _CompiledTemplates()
    except (OSError, RuntimeError):  # no safe private temp folder
        return None


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
        extensions=["jinja2.ext.do"],
        bytecode_cache=bytecode_cache(),
        # The templates ship with the code, which a running process does not reload either; checking each
        # file's time on every render cost a small course a tenth of its rendering.
        auto_reload=False,
    )
    env.filters.update(
        text=escape.text, prose=_prose, inline=_inline, url=escape.url,
        md=Md, fence=fence, math=mathml.markdown,
    )
    env.globals.update(paths=paths)
    return env


@jinja2.pass_context
def _prose(context: jinja2.runtime.Context, value: object) -> Md:
    # Links to pages of the site are written from its top folder; they lead there from the page rendered now.
    return escape.prose(value, context["page"].prose_link)


@jinja2.pass_context
def _inline(context: jinja2.runtime.Context, value: object) -> Md:
    return escape.inline_prose(value, context["page"].prose_link)


def fence(source: str, lang: str = "") -> Md:
    """A fenced code block that its content cannot close early."""
    longest = max((len(m) for m in re.findall(r"`+|~+", source)), default=0)
    ticks = "`" * max(3, longest + 1)
    return Md(f"{ticks}{lang}\n{source}\n{ticks}")


_ENV = environment()


@functools.lru_cache(maxsize=65536)
def _relative(target: str, folder: str) -> Md:
    # Large courses link thousands of times to the same pages from pages in a few folders (every paper
    # page to every personal page): a link depends only on the folder it is written in.
    return Md(paths.relative(target, f"{folder}/" if folder else ""))


@functools.lru_cache(maxsize=65536)
def _relative_url(target: str, here: str) -> str:
    return paths.relative_url(target, here)


@functools.lru_cache(maxsize=65536)
def _participant_link(n: int, folder: str) -> str:
    # Every paper page lists every participant who holds a role in its session.
    return f"[{n}]({_relative(paths.participant_page(n), folder)})"


class PageContext(SessionView):
    """What every template sees: the course, labels and helpers bound to the current page."""

    def __init__(self, course: Course, src: str, rotation: rotation_mod.Rotation | None):
        self.course = course
        self.src = src
        self.t = Labels(course.language)
        self.rotation = rotation

    def link(self, target: str) -> Md:
        """Relative link from this page to another source file."""
        return _relative(target, self.src.rpartition("/")[0])

    def prose_link(self, target: str) -> str:
        """A link that prose writes from the site's top folder (`papers/x.md#y`), as it leads from this page."""
        found = escape.site_target(target)
        assert found is not None  # escape.prose asks only for links to pages of the site
        path, anchor = found
        return self.link(path) + (f"#{anchor}" if anchor else "")

    def participant_links(self, numbers: list[int]) -> Md:
        """Links to personal pages, e.g. "[3](../participants/3.md), [8](...)"."""
        folder = self.src.rpartition("/")[0]
        return Md(", ".join([_participant_link(n, folder) for n in numbers]))

    def rotation_cells(self, participant: int) -> Md:
        """One row of the rotation table after the number: the role names, cell by cell ("–" for none)."""
        assert self.rotation is not None  # personal pages exist only once the participant count is known
        names = [escape.text(role.name) for role in self.rotation.roles]
        row = self.rotation.table[participant - 1]
        cells = []
        cancelled = "~~" + escape.text(self.t._("cancelled")) + "~~"
        for number in self.rotation.role_sessions:
            i = row[number - 1]
            cells.append(cancelled if number in self.rotation.lost
                         else names[i] if i is not None else "–")
        return Md(" | ".join(cells))

    def session_label(self, session: Session) -> str:
        """A session's short name in tables: the first author(s) of its paper, else its title."""
        papers = self.papers(session)
        return " · ".join(p.short_authors for p in papers) if papers else (session.title or "")

    def time_note(self, participant: int) -> str | None:
        """E.g. "Withdrew on 21 November 2023; holds no role or talk from then on." (None when always in)."""
        notes = []
        if participant in self.course.joined:
            notes.append(self.t._("Joined on {date}: roles from then on.", date=self.t.long_date(self.course.joined[participant])))
        if participant in self.course.withdrawn:
            notes.append(self.t._("Withdrew on {date}: no role or talk from then on.", date=self.t.long_date(self.course.withdrawn[participant])))
        return " ".join(notes) or None

    def talks(self, session: Session) -> list[tuple[Paper, tuple[int, ...]]]:
        """The session's papers that name presenters, with those who present (after drop-outs)."""
        if self.rotation is None:
            return []
        return [(self.course.paper(e.key), self.rotation.presenters[session.number, e.key])
                for e in session.papers if (session.number, e.key) in self.rotation.presenters]

    def when(self, day: dt.date, start: dt.time, end: dt.time) -> str:
        return f"{self.t.day_name(day)}, {self.t.long_date(day)}, {self.t.time_range(start, end)}"

    def instant(self, day: dt.date, time: dt.time) -> str:
        return dt.datetime.combine(day, time, tzinfo=self.course.tz).isoformat()

    def time_tag(self, day: dt.date, start: dt.time, end: dt.time, label: str, what: str | None = None,
                 room: str | None = None, paper: str | None = None, online: str | None = None) -> Md:
        # The browser script (now/next) reads these instants; without it the text reads plainly.
        # `what` names the event in the status line ("Next: Session 3 on ..."), with the date as shown here;
        # `room` and `paper` (a BibTeX key) let the status line say where to go and what to read.
        data: dict[str, str] = {}
        if what:
            data.update(what=what, when=self.when(day, start, end))
        if room:
            data["room"] = room
        if paper:
            # Raw HTML: MkDocs rewrites Markdown links only, so this names the served address.
            found = self.course.paper(paper)
            data.update(paper=f"{found.short_authors}: {found.title}", href=_relative_url(paths.paper_page(paper), self.src))
        if online:
            data.update({"online": online, "online-label": self.t._("Join online")})
        attrs = "".join(f' data-{key}="{escape.attribute(value)}"' for key, value in data.items())
        return Md(f'<time datetime="{self.instant(day, start)}" data-end="{self.instant(day, end)}"{attrs}>'
                  f"{escape.html(label)}</time>")

    def until(self, day: dt.date, time: dt.time | None) -> Md:
        """data-cs-until: the browser script hides the element from this instant on (a step that is done)."""
        return Md(f' data-cs-until="{self.instant(day, time or dt.time(0))}"')

    def column_head(self, session: Session) -> Md:
        """A rotation table's column heading; course.js marks the next session's column and fills in its badge."""
        next_, today = escape.html(self.t._("next session")), escape.html(self.t._("today"))
        mark = f'<span class="cs-mark" data-cs-mark data-next="{next_}" data-today="{today}" hidden></span>'
        date = self.session_time(session, self.t.short_date(session.date))
        return Md(f"{session.number} · {date} · {self.session_label(session)}{mark}")

    @staticmethod
    def _sentences(sentences: dict[str, str]) -> str:
        return "".join(f' data-{key}="{escape.html(text)}"' for key, text in sentences.items())

    def status_box(self) -> Md:
        """The empty now/next line that the browser script fills in, with its sentences in the page's language."""
        t = self.t
        # Translators: the browser fills in {what} (e.g. "Session 3") and {when} (its day, date and time).
        sentences = self._sentences({"next": t._("Next: {what} on {when}."), "today": t._("Today: {what}, {when}."),
                                     "now": t._("Now: {what}, {when}."), "ended": t._("The seminar has ended.")})
        # data-cs-wait: what follows is painted once the script has filled this in (now.css), so nothing moves.
        return Md(f'<div class="cs-status" data-cs-status{sentences} data-cs-wait hidden></div>')

    def agenda_slot(self) -> Md:
        """The empty top of a personal page, where the browser script puts the next session under a label."""
        t = self.t
        labels = self._sentences({"next": t._("Your next session"), "today": t._("Today"), "now": t._("Now"),
                                  "ended": t._("The seminar has ended. Your sessions are listed below.")})
        deadline = escape.html(t._("Next deadline: {what}, {when}."))
        return Md(f'<div class="cs-agenda" data-cs-agenda{labels} data-deadline="{deadline}" data-cs-wait hidden></div>')

    def grading(self) -> str:
        """The grade's parts in words, e.g. "60 % presentation, 40 % discussion" (percent as the locale writes it)."""
        return ", ".join(f"{format_percent(weight, locale=self.t.locale)} {part.replace('_', ' ')}"
                         for part, weight in self.course.grading.items())

    def url_link(self, address: str) -> Md:
        """A link that shows its own address: printed once (print.css adds the address only to other links)."""
        return Md(f"[{escape.text(address)}]({escape.url(address)}){{: .cs-url }}")

    def webcal(self, target: str) -> str | None:
        """The webcal:// address of a published calendar file, which calendar apps subscribe to."""
        return paths.webcal(self.course.site_url, target)

    def paper_link(self, paper: Paper, label: str | None = None) -> Md:
        """A link to the paper's page, named `label` or "Authors: Title" (formulas as MathML)."""
        shown = escape.text(label) if label else Md(f"{escape.text(paper.short_authors)}: {mathml.markdown(paper.title)}")
        return Md(f"[{shown}]({self.link(paths.paper_page(paper.key))})")

    def address_links(self, paper: Paper) -> list[tuple[str, str, str]]:
        """(label, text, address) of the paper's DOI, arXiv, web, PDF and code links, each address once."""
        _ = self.t._
        links = [(_("DOI"), paper.doi, paper.doi_url), (_("arXiv"), paper.eprint, paper.arxiv_url),
                 (_("Publisher's page"), paper.url, paper.url), (_("PDF"), paper.pdf, paper.pdf),
                 (_("Code"), paper.code, paper.code)]
        seen: set[str] = set()
        shown = []
        for label, text, address in links:
            # doi.org/10.48550/arXiv.x and arxiv.org/abs/x are one paper; an address given twice is one link.
            same = address.rstrip("/").replace("http://", "https://").replace("/pdf/", "/abs/").removesuffix(".pdf")
            # doi.org and dx.doi.org are one resolver, and DOIs do not tell capitals from small letters.
            if m := re.match(r"https://(?:dx\.)?doi\.org/(.+)", same, re.I):
                same = "https://doi.org/" + m[1].lower()
            if address and same not in seen:
                seen.add(same)
                shown.append((label, text, address))
        if paper.doi.lower().startswith("10.48550/arxiv.") and paper.eprint:
            shown = [link for link in shown if link[2] != paper.doi_url]  # arXiv's own DOI: the arXiv link says it
        return shown

    def citation(self, paper: Paper) -> Md:
        """The paper as the course's citation style writes it."""
        return citation.markdown(self.course.citations[paper.key])


def render_pages(course: Course) -> dict[str, str]:
    """All generated pages of the course, keyed by their path below docs/."""
    rotation = rotation_mod.for_course(course)
    classes = rotation_mod.by_number_class(course)
    pages: dict[str, tuple[str, dict]] = {
        paths.HOME: ("home.md.j2", {}),
        paths.INFO: ("info.md.j2", {}),
        paths.SCHEDULE: ("schedule.md.j2", {}),
        paths.READING_LIST: ("reading_list.md.j2", {}),
    }
    if course.rotation_sessions:  # without roles, no page speaks of roles
        pages[paths.ROLES] = ("roles.md.j2", {})
        pages[paths.ROTATION] = ("rotation.md.j2", {"classes": classes,
                                                    "sessions": [course.sessions[n - 1] for n in classes.role_sessions]})
    for key, paper in course.papers.items():
        pages[paths.paper_page(key)] = ("paper.md.j2", {"paper": paper, "sessions": course.sessions_of(key)})
    rendered = {src: render(template, PageContext(course, src, rotation), **extra)
                for src, (template, extra) in pages.items()}
    if rotation is not None:
        rendered.update(_participant_pages(course, rotation))
    return rendered


def _participant_pages(course: Course, rotation: rotation_mod.Rotation) -> dict[str, str]:
    """Personal pages, assembled from one rendered block and table row per (session, role).

    Their total size is participants x sessions; rendering each part only once and joining each
    page's parts once keeps the cost of a large course close to the cost of writing the text out.
    """
    ctx = PageContext(course, paths.participant_page(0), rotation)  # every personal page lives in one folder

    def parts(template: str) -> list[dict[int | None, str]]:
        """Per session, the template rendered for each role index that someone holds then (None: no role)."""
        return [{i: render(template, ctx, s=s, role=None if i is None else rotation.roles[i]) for i in set(held)}
                for s, held in zip(course.sessions, zip(*rotation.table))]

    blocks = parts("participant_session.md.j2")
    rows: dict[tuple[int, int | None, bool], str] = {}

    def table_row(s: Session, role_index: int | None, talk: bool) -> str:
        """The session's row for a role index and whether the participant gives a talk then, rendered once."""
        key = (s.number, role_index, talk)
        if key not in rows:
            role = None if role_index is None else rotation.roles[role_index]
            rows[key] = render("participant_row.md.j2", ctx, s=s, role=role, talk=talk)
        return rows[key]

    talks: dict[int, dict[int, list[str]]] = {}  # participant -> session number -> talk blocks, in session order
    for (number, key), presenters in sorted(rotation.presenters.items()):
        talk = render("participant_talk.md.j2", ctx, s=course.sessions[number - 1], paper=course.paper(key))
        for p in presenters:
            talks.setdefault(p, {}).setdefault(number, []).append(talk)
    pages = {}
    for n, row in zip(rotation.participants, rotation.table):
        body = [b[i] for b, i in zip(blocks, row)]
        given = talks.get(n, {})
        if given:
            body = [part for s, block in zip(course.sessions, body) for part in (block, *given.get(s.number, ()))]
        table = "".join([table_row(s, i, s.number in given) for s, i in zip(course.sessions, row)])
        pages[paths.participant_page(n)] = render("participant.md.j2", PageContext(course, paths.participant_page(n), rotation),
                                                  n=n, sessions_md=Md("".join(body)), rows_md=Md(table))
    return pages


def render(template: str, ctx: PageContext, **extra: object) -> str:
    return _ENV.get_template(template).render(
        course=ctx.course, t=ctx.t, _=ctx.t._, page=ctx, rotation=ctx.rotation, **extra)


def write_pages(pages: dict[str, str | bytes], folder: str | Path) -> list[Path]:
    """Write rendered pages (and downloads) below a folder, for engines other than MkDocs."""
    written = []
    for src, content in pages.items():
        target = Path(folder) / src
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
        written.append(target)
    return written
