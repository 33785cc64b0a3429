"""Command line: `python -m coursesite check|render|build|new|schema` (run through `make`)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from .course import paths, schema, successor
from .course.load import Loaded, shared_ids
from .engine import build as engine
from .engine import kept, publish, reuse, site
from .errors import CourseError, Problem
from .render import landing, pages
from .render.i18n import Labels
from .sources import stamp


def _load(root: Path, outcome: str = "", when: stamp.Stamp | None = None,
          make: bool = True) -> tuple[Loaded, site.Made | None] | None:
    """The course, and every file it adds to the site, checked; or None after printing every problem and `outcome`.

    `make=False`: the course alone (its files add nothing to a site built before from the same input).

    `check`, `build` and `render` all come here, so that they refuse the same inputs in the same words:
    the files' own rules (`load`) first, then what the outputs need (links in prose, the exporters' limits).
    """
    # Problems name the file as it is called in the course folder; another folder goes in front.
    folder = _shown(root)
    ours = (paths.COURSE_FILE, paths.BIB_FILE)  # not the outputs an exporter's problem names
    where = (lambda p: p) if folder == "." else (
        lambda p: dataclasses.replace(p, file=f"{folder}/{p.file}") if p.file in ours else p)
    loaded: Loaded | None = None
    try:
        loaded = site.load_course(root)
        made = site.make(loaded, when or stamp.current(root)) if make else None
    except CourseError as exc:
        warnings = exc.warnings if loaded is None else loaded.warnings
        for problem in exc.problems:
            print(f"error: {where(problem)}", file=sys.stderr)
        for warning in warnings:
            print(f"warning: {where(warning)}", file=sys.stderr)
        n = len(exc.problems)
        site_dir = "site/" if folder == "." else f"{folder}/site/"
        outcome = outcome or f"nothing was built, {site_dir} is unchanged."
        print(f"{n} error{'s' if n != 1 else ''}; {outcome}", file=sys.stderr)
        return None
    for warning in loaded.warnings:
        print(f"warning: {where(warning)}", file=sys.stderr)
    return loaded, made


NO_SITE_URL = ("note: course.yaml has no site_url, so the handout has no QR code and no web address, and the "
               "calendars link to no page and offer no subscription, and the page for a missing address works only "
               "at the top of a domain, not under a sub-path such as /<repository>/; once the site is published, set "
               "`site_url: https://...` to its address (on GitHub Pages: https://<user>.github.io/<repository>/{folder})")
"""`{folder}`: for a course of `courses/`, its folder's name and '/', the part of the address it is published at."""


def check(args: argparse.Namespace) -> int:
    engine.check_settings(args.root)  # warnings: `render` (other engines) needs no mkdocs.yml; build refuses them
    folders = paths.course_folders(args.root)
    if folders:  # every course of the repository, each reported as `check DIR=...` reports it
        named = _folder_names(folders)
        checked = [_check_one(folder) for folder in folders]
        return max([named] + [code for code, _ in checked] + [_shared_ids(
            [(folder, loaded) for folder, (_, loaded) in zip(folders, checked) if loaded is not None])])
    return _check_one(args.root)[0]


def _folder_names(folders: list[Path], outcome: str = "") -> int:
    """1 after printing a line for each course folder whose name cannot be its address on the site (and, with
    `outcome`, how many and what became of the site), else 0."""
    problems = [Problem(f"{_shown(folder)}/", None, f"the folder's name is the course's address on the site "
                        f"({folder.name}/), and {why}",
                        fix=f"rename the folder with letters, digits, '-', '_' and '.', e.g. "
                            f"{_shown(folder.with_name(paths.addressable_name(folder.name)))}")
                for folder in folders if (why := paths.unaddressable(folder.name))]
    return _report(problems, outcome)


def _shared_ids(courses: list[tuple[Path, Loaded]], outcome: str = "") -> int:
    """1 after printing a line for each course whose id another course of the repository has too (and, with
    `outcome`, how many and what became of the site), else 0."""
    return _report(shared_ids([(_shown(folder), loaded) for folder, loaded in courses]), outcome)


def _report(problems: list[Problem], outcome: str) -> int:
    """Print each problem of the repository's courses together as a line (and, with `outcome`, how many and
    what became of the site); 1 if there were any, else 0."""
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    n = len(problems)
    if n and outcome:
        print(f"{n} error{'s' if n != 1 else ''}; {outcome}", file=sys.stderr)
    return 1 if n else 0


def _check_one(root: Path) -> tuple[int, Loaded | None]:
    found = _load(root)
    if found is None:
        return 1, None
    loaded, made = found
    # The handout this check typeset is the one a build of the same input would typeset (`kept`): kept, so that
    # `make check` and then `make build` typeset it once (0.9 s of 50 sessions and 200 participants).
    if made is not None:
        kept.store(made.kept)
    c = loaded.course
    print(f"{_shown(loaded.course_file)} and {_shown(loaded.bib_file)} are valid: {len(c.sessions)} sessions, "
          f"{len(c.roles)} roles, {c.participants or 'no'} participants, {len(c.papers)} papers"
          + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else "") + ".")
    for note in loaded.notes:
        print(f"note: {note}")
    if not c.site_url:
        print(NO_SITE_URL.format(folder=f"{root.resolve().name}/" if paths.listed(root) else ""))
    return 0, loaded


def _shown(path: Path) -> str:
    """A course file as the organizer named it: relative to where the command runs, when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def _refused(exc: OSError, path: Path, elsewhere: str, again: str, kept: str = "") -> int:
    """One line for a write of `new`, `render` or `schema` that the system refused (the build has its own, with
    what became of site/): the file, what happened, what to do; exit status 1."""
    named = exc.filename if isinstance(exc.filename, str) else path
    if publish.full(exc):
        fix = f"free space on that disk, then {again}"
    elif publish.usual(exc):
        fix = f"{elsewhere}, or make the folder writable"
    else:
        fix = f"check the disk (its space, its permissions, its health), then {again}"
    print(f"error: {_shown(Path(named))}: {publish.happened(exc)}; {fix}{'; ' + kept if kept else ''}", file=sys.stderr)
    return 1


def render(args: argparse.Namespace) -> int:
    found = _load(args.root)
    if found is None:
        return 1
    assert found[1] is not None
    try:
        written = pages.write_pages(found[1].files, args.out)
    except OSError as exc:
        return _refused(exc, args.out, "choose another folder for the pages", "run `make render` again")
    print(f"wrote {len(written)} files to {args.out}")
    return 0


def build(args: argparse.Namespace) -> int:
    """Validate, build into a fresh folder, and only then replace site/ (never a half-built site).

    A repository with `courses/`: every course into its folder's name below one site/, and the landing page.
    What the system refuses on the way (the lock, the staging folder, MkDocs' writes, the swap) is one line."""
    try:
        return _build(args)
    except OSError as exc:
        why = publish.trouble(exc, args.root)
        shown = _shown(why.path)
        shown = str(why.path.resolve()) if shown == "." else shown
        shown += "/" if why.folder else ""
        print(f"error: {Problem(shown, None, why.what, fix=f'{why.fix}; {why.kept}')}", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace) -> int:
    root = args.root
    folders = paths.course_folders(root)
    with publish.locked(root):
        if publish.recover(root):
            print(f"note: put back {root / publish.SITE}, which an interrupted build had moved aside", file=sys.stderr)
        target = root / publish.SITE
        unchanged = f"nothing was built, {_shown(target)}/ is unchanged."
        if not folders:
            found = _load(root)
            if found is None:
                return 1
            fresh = publish.staging(root)
            try:
                built = engine.build(root, found[0], fresh, verbose=args.verbose, made=found[1])
                if built:
                    publish.swap(root, fresh)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
        else:
            if _folder_names(folders, unchanged):
                return 1
            # Each course dated by its own last change, so that one that did not change is reused as it is.
            whens = [stamp.current(folder, own=True) for folder in folders]
            keys = [reuse.key(folder, when) for folder, when in zip(folders, whens)]
            fresh = publish.staging(root)
            try:
                reused = [reuse.restore(root, folder.name, k, fresh / folder.name) for folder, k in zip(folders, keys)]
                # Every course's problems at once (each loads on its own), and nothing built while one has any.
                loads = [_load(folder, outcome=unchanged, when=when, make=not old)
                         for folder, when, old in zip(folders, whens, reused)]
                if any(found is None for found in loads):
                    return 1
                courses = [found for found in loads if found is not None]
                if _shared_ids([(folder, loaded) for folder, (loaded, _) in zip(folders, courses)], unchanged):
                    return 1
                built = all(old or engine.build(folder, loaded, fresh / folder.name, verbose=args.verbose, made=made)
                            for folder, (loaded, made), old in zip(folders, courses, reused))
                if built:
                    listed = [landing.Listed(folder.name, loaded.course) for folder, (loaded, _) in zip(folders, courses)]
                    today = max(stamp.current(folder).date for folder in folders)
                    (fresh / "index.html").write_text(landing.page(listed, today), encoding="utf-8")
                    # The host shows the top 404.html for every missing address: the courses' own are not used.
                    (fresh / "404.html").write_text(landing.page(listed, today, missing=True), encoding="utf-8")
                    for folder, k, old in zip(folders, keys, reused):
                        if not old:
                            reuse.keep(root, folder.name, k, fresh / folder.name)
                    reuse.forget_others(root, [folder.name for folder in folders])
                    publish.swap(root, fresh)
            finally:
                shutil.rmtree(fresh, ignore_errors=True)
            if built and any(reused):
                n = sum(reused)
                print(f"note: {n} unchanged course{'s' if n != 1 else ''} reused from the last build "
                      f"({', '.join(f.name for f, old in zip(folders, reused) if old)}); "
                      f"{len(folders) - n} built", file=sys.stderr)
    if not built:
        kept = "site/ is unchanged." if target.exists() else "no site/ was written."
        print(f"error: the site could not be built (see above); {kept}", file=sys.stderr)
        return 1
    print(f"built {target}")
    return 0


def sheets(args: argparse.Namespace) -> int:
    """The organizer's private grading workbook and attendance list, in the course folder's private/."""
    found = _load(args.root)
    if found is None:
        return 1
    loaded = found[0]
    # Imported here, not with the other commands: the spreadsheet libraries (openpyxl brings numpy) cost
    # every `coursesite build` ~0.2 s of CPU, as much as MkDocs' own start-up, and only sheets uses them.
    from .engine import paperwork

    try:
        written = paperwork.write(args.root, loaded)
    except paperwork.NoParticipants:
        print(f"error: {_shown(loaded.course_file)}: the sheets have one row per participant number, and "
              "`participants:` is not set; set it to the number of participants", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: {exc.filename or args.root / paths.PRIVATE}: cannot write the sheets ({exc.strerror}); "
              "check that the folder is writable and the workbook is not open in a spreadsheet program",
              file=sys.stderr)
        return 1
    grades, pdf = _shown(written.grades), _shown(written.attendance)
    old = _shown(written.grades.with_name(paths.GRADES))
    if written.unreadable:
        print(f"warning: {old} could not be read ({written.unreadable}), so it was left as it is and the new "
              f"workbook is {grades}; copy what you typed by hand", file=sys.stderr)
    elif written.lost:
        print(f"warning: {old} holds {len(written.lost)} typed value(s) that have no place in the new workbook "
              f"({'; '.join(written.lost[:5])}{'; ...' if len(written.lost) > 5 else ''}), so it was left as it is "
              f"and the new workbook is {grades}; copy what you still need, then delete the old file",
              file=sys.stderr)
    kept = f" (keeping the {written.kept} value(s) typed before)" if written.kept else ""
    print(f"wrote {grades}{kept} and {pdf}; they are private: {paths.PRIVATE}/ is ignored by git and never published")
    return 0


GITIGNORE = """# Build output and the organizer's private sheets (make sheets): never committed.
site/
.site-build-*/
.site.lock
.site-old-*/
build/
.cache/
private/
"""

STARTER = Path(__file__).parent / "starter"


def new(args: argparse.Namespace) -> int:
    """Write the starter course.yaml and papers.bib into a folder, never over existing files.

    With --from: last semester's course, with its sessions laid out again from --start (`successor`).
    """
    folder: Path = args.folder
    names = (paths.COURSE_FILE, paths.BIB_FILE)
    existing = [name for name in names if (folder / name).exists()]
    if existing:
        print(f"error: {folder / existing[0]} already exists; move it away (git keeps the old version) "
              f"or choose another folder, e.g. make new DIR=next-seminar", file=sys.stderr)
        return 1
    if folder.exists() and not folder.is_dir():
        print(f"error: {folder} is a file, not a folder; give the folder for the new course, e.g. make new DIR=next-seminar",
              file=sys.stderr)
        return 1
    if args.source is None:
        if args.start is not None:
            print("error: START is the first session of a course made from last semester's; name that course "
                  "with FROM (make new DIR=... FROM=... START=...), or leave START out for the starter", file=sys.stderr)
            return 1
        # Every new course its own id, so that its calendar events never update another course's.
        course = re.sub(r"^id: \S+", f"id: {successor.new_id()}",
                        (STARTER / paths.COURSE_FILE).read_text(encoding="utf-8"), count=1, flags=re.M)
        bib, done = (STARTER / paths.BIB_FILE).read_text(encoding="utf-8"), "edit them"
    else:
        made = _next_semester(args)
        if made is None:
            return 1
        course, bib = made.course_yaml, made.papers_bib
        done = (f"{len(made.dates)} sessions {made.rhythm} from {made.dates[0]} to {made.dates[-1]}; "
                "choose the papers (check lists the sessions that still say TBA)")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: cannot create the folder {folder} ({exc.strerror}); choose another place", file=sys.stderr)
        return 1
    # Editors find the schema relative to course.yaml: point to the nearest one in this folder or above.
    found = _nearest(folder.resolve(), schema.FILE_NAME)
    if found is not None:
        to_schema = Path(os.path.relpath(found, folder.resolve())).as_posix()
        course = re.sub(r"\$schema=\S+", f"$schema={to_schema}", course, count=1)
    files = {folder / paths.COURSE_FILE: course, folder / paths.BIB_FILE: bib}
    if not (folder / ".gitignore").exists():
        files[folder / ".gitignore"] = GITIGNORE
    written: list[Path] = []
    try:
        for path, text in files.items():
            written.append(path)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        # All or nothing: a course.yaml without its papers.bib would make the next `make new` refuse the folder.
        for path in written:
            path.unlink(missing_ok=True)
        return _refused(exc, written[-1], "choose another folder, e.g. make new DIR=next-seminar",
                        "run `make new` again", "nothing was written")
    dir_arg = "" if _shown(folder) == "." else f" DIR={_shown(folder)}"
    print(f"wrote {folder / paths.COURSE_FILE} and {folder / paths.BIB_FILE}; {done}, then run `make check{dir_arg}`")
    return 0


def _next_semester(args: argparse.Namespace) -> successor.Next | None:
    """Last semester's course (--from) laid out from --start, or None after saying in one line why not."""
    source, folder = args.source, args.folder
    if args.start is None:
        print(f"error: FROM needs START, the date of the first session: make new DIR={_shown(folder)} "
              f"FROM={_shown(source)} START=YYYY-MM-DD", file=sys.stderr)
        return None
    try:
        start = dt.date.fromisoformat(args.start)
        skip = frozenset(dt.date.fromisoformat(d) for d in args.skip.replace(",", " ").split()) if args.skip else frozenset()
    except ValueError:
        print(f"error: START={args.start}{' SKIP=' + args.skip if args.skip else ''} is not a date (or list of dates); "
              "write dates as YYYY-MM-DD, e.g. START=2024-04-16", file=sys.stderr)
        return None
    if not (source / paths.COURSE_FILE).is_file():
        print(f"error: {_shown(source)} has no {paths.COURSE_FILE}; FROM names last semester's course folder, "
              "e.g. FROM=courses/ws2023", file=sys.stderr)
        return None
    found = _load(source, outcome=f"fix {_shown(source)} first; nothing was written.")
    if found is None:
        return None
    loaded = found[0]
    course = loaded.course
    old_name, new_name = source.resolve().name, folder.resolve().name
    site_url = (course.site_url.removesuffix(f"/{old_name}/") + f"/{new_name}/"
                if course.site_url and course.site_url.endswith(f"/{old_name}/") else None)
    try:
        return successor.next_semester(loaded.course_file.read_text(encoding="utf-8"), course, start, skip,
                                       source=_shown(source), semester=args.semester, site_url=site_url,
                                       to_come=Labels(course.language)._("Paper to be announced"),
                                       course_id=successor.new_id())
    except successor.NotPossible as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def serve(args: argparse.Namespace) -> int:
    """Check the course first, so that its problems come as lines before the preview starts."""
    if _load(args.root) is None:
        return 1
    return 0 if engine.serve(args.root, args.dev_addr) else 1


def _nearest(folder: Path, name: str) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / name).is_file():
            return candidate / name
    return None


def write_schema(args: argparse.Namespace) -> int:
    target = args.out or args.root / schema.FILE_NAME
    try:
        schema.write(target)
    except OSError as exc:
        return _refused(exc, target, "choose another place for it", "run `make schema` again")
    print(f"wrote {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coursesite", description="Course-website generator for paper-reading seminars.")
    # Accepted before and after the command (`coursesite --course x check`, `coursesite check --course x`);
    # SUPPRESS keeps the command's copy from overwriting a value given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course", "--root", dest="root", type=Path, default=argparse.SUPPRESS,
                        help="the course folder: course.yaml, papers.bib, notebooks/ and its own site/ (default: here)")
    common.add_argument("--verbose", action="store_true", default=argparse.SUPPRESS,
                        help="show everything MkDocs and the notebooks print")
    parser.add_argument("--course", "--root", dest="root", type=Path, default=Path.cwd(), help=argparse.SUPPRESS)
    parser.add_argument("--verbose", action="store_true", help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, text: str, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        p = commands.add_parser(name, help=text, parents=[common])
        p.set_defaults(run=run)
        return p

    command("check", "validate course.yaml and papers.bib; print every error and warning", check)
    command("render", "write the generated Markdown pages into a folder", render).add_argument("out", type=Path)
    command("build", "build the whole site into the course folder's site/ (kept unchanged on any error)", build)
    command("serve", "preview the site at http://127.0.0.1:8000, rebuilt on every change", serve).add_argument(
        "--dev-addr", metavar="IP:PORT", help="where to serve (default 127.0.0.1:8000)")
    p = command("new", "write a starter course.yaml and papers.bib for a new seminar into a folder "
                "(or, with --from and --start, next semester's course from last semester's)", new)
    p.add_argument("folder", type=Path)
    p.add_argument("--from", dest="source", type=Path, metavar="FOLDER",
                   help="last semester's course folder: keep its seminar, lay out its sessions anew from --start")
    p.add_argument("--start", metavar="YYYY-MM-DD", help="the date of the first session (with --from)")
    p.add_argument("--skip", metavar="DATES", help="dates without a session, e.g. holidays (with --from; comma-separated)")
    p.add_argument("--semester", help='the new semester\'s name (default: from --start, e.g. "Summer 2024")')
    command("sheets", "write the organizer's grading workbook and attendance list into private/ (never published)",
            sheets)
    p = commands.add_parser("schema", help=f"write the JSON Schema of course.yaml ({schema.FILE_NAME})", parents=[common])
    p.add_argument("out", type=Path, nargs="?", help=f"where to write it; default: {schema.FILE_NAME} in --root")
    p.set_defaults(run=write_schema)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
