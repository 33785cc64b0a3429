"""Command line: `python -m coursesite check|render|build|new|schema` (run through `make`)."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from . import engine, pages, paths, publish, schema, site, stamp
from .errors import CourseError
from .load import Loaded


def _load(root: Path) -> Loaded | None:
    try:
        loaded = site.load_course(root)
    except CourseError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        for warning in exc.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        n = len(exc.problems)
        print(f"{n} error{'s' if n != 1 else ''}; nothing was built, site/ is unchanged.", file=sys.stderr)
        return None
    for warning in loaded.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return loaded


def check(args: argparse.Namespace) -> int:
    loaded = _load(args.root)
    if loaded is None:
        return 1
    # The exporters' own limits (Typst, the QR code, the calendars) too: check finds what build would refuse.
    try:
        site.generated_files(loaded, stamp.current(args.root))
    except CourseError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("nothing was built, site/ is unchanged.", file=sys.stderr)
        return 1
    c = loaded.course
    print(f"{paths.COURSE_FILE} and {paths.BIB_FILE} are valid: {len(c.sessions)} sessions, {len(c.roles)} roles, "
          f"{c.participants or 'no'} participants, {len(c.papers)} papers"
          + (f", {len(loaded.warnings)} warning(s)" if loaded.warnings else "") + ".")
    return 0


def render(args: argparse.Namespace) -> int:
    loaded = _load(args.root)
    if loaded is None:
        return 1
    written = pages.write_pages(site.generated_files(loaded, stamp.current(args.root)), args.out)
    print(f"wrote {len(written)} files to {args.out}")
    return 0


def build(args: argparse.Namespace) -> int:
    """Validate, build into a fresh folder, and only then replace site/ (never a half-built site)."""
    root = args.root
    with publish.locked(root):
        if publish.recover(root):
            print(f"note: put back {root / publish.SITE}, which an interrupted build had moved aside", file=sys.stderr)
        loaded = _load(root)
        if loaded is None:
            return 1
        target = root / publish.SITE
        fresh = publish.staging(root)
        try:
            built = engine.build(root, loaded, fresh, verbose=args.verbose)
            if built:
                publish.swap(root, fresh)
        finally:
            shutil.rmtree(fresh, ignore_errors=True)
    if not built:
        kept = "site/ is unchanged." if target.exists() else "no site/ was written."
        print(f"error: the site could not be built (see above); {kept}", file=sys.stderr)
        return 1
    print(f"built {target}")
    return 0


STARTER = Path(__file__).parent / "starter"


def new(args: argparse.Namespace) -> int:
    """Write the starter course.yaml and papers.bib into a folder, never over existing files."""
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
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"error: cannot create the folder {folder} ({exc.strerror}); choose another place", file=sys.stderr)
        return 1
    course = (STARTER / paths.COURSE_FILE).read_text(encoding="utf-8")
    # Editors find the schema relative to course.yaml: point to the nearest one in this folder or above.
    found = _nearest(folder.resolve(), schema.FILE_NAME)
    if found is not None:
        to_schema = Path(os.path.relpath(found, folder.resolve())).as_posix()
        course = course.replace(f"$schema={schema.FILE_NAME}", f"$schema={to_schema}", 1)
    (folder / paths.COURSE_FILE).write_text(course, encoding="utf-8")
    shutil.copyfile(STARTER / paths.BIB_FILE, folder / paths.BIB_FILE)
    print(f"wrote {folder / paths.COURSE_FILE} and {folder / paths.BIB_FILE}; edit them, then run `make check`")
    return 0


def _nearest(folder: Path, name: str) -> Path | None:
    for candidate in (folder, *folder.parents):
        if (candidate / name).is_file():
            return candidate / name
    return None


def write_schema(args: argparse.Namespace) -> int:
    target = args.out or args.root / schema.FILE_NAME
    schema.write(target)
    print(f"wrote {target}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="coursesite", description="Course-website generator for paper-reading seminars.")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="folder with course.yaml, papers.bib and mkdocs.yml")
    parser.add_argument("--verbose", action="store_true", help="show everything MkDocs and the notebooks print")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate course.yaml and papers.bib; print every error and warning").set_defaults(run=check)
    p = commands.add_parser("render", help="write the generated Markdown pages into a folder")
    p.add_argument("out", type=Path)
    p.set_defaults(run=render)
    commands.add_parser("build", help="build the whole site into site/ (kept unchanged on any error)").set_defaults(run=build)
    p = commands.add_parser("new", help="write a starter course.yaml and papers.bib for a new seminar into a folder")
    p.add_argument("folder", type=Path)
    p.set_defaults(run=new)
    p = commands.add_parser("schema", help=f"write the JSON Schema of course.yaml ({schema.FILE_NAME})")
    p.add_argument("out", type=Path, nargs="?", help=f"where to write it; default: {schema.FILE_NAME} in --root")
    p.set_defaults(run=write_schema)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        return 130
