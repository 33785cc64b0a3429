"""Many courses, one site: a repository whose courses/ holds course folders publishes each under its folder's name,
below a landing page that lists them; adding a course changes no address of another; a finished course is frozen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import posixpath
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import NOTEBOOK_CACHE, copy_course, file_digests, run_cli
from coursesite.course import paths
from coursesite.course.load import load
from coursesite.engine import notebook_pages, reuse
from coursesite.render import landing

ROOT = Path(__file__).resolve().parent.parent
GIT = ["git", "-c", "user.name=Organizer", "-c", "user.email=organizer@example.org", "-c", "commit.gpgsign=false"]


def repository(tmp_path: Path) -> Path:
    """The seed course moved into courses/ws2023/, with the repository's settings at the top."""
    root = copy_course(tmp_path / "repo")
    old = root / "courses" / "ws2023"
    old.mkdir(parents=True)
    for name in ("course.yaml", "papers.bib", "notebooks"):
        shutil.move(root / name, old / name)
    (old / ".cache").symlink_to(NOTEBOOK_CACHE, target_is_directory=True)
    (root / ".cache").unlink()  # the notebooks' cache is the course folder's; the top one keeps this repository's builds
    (root / ".cache").mkdir()
    return root


def add_next_semester(root: Path) -> None:
    result = run_cli(root, "new", "courses/ss2024", "--from", "courses/ws2023", "--start", "2099-04-21")
    assert result.returncode == 0, result.stderr


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target(site: Path, page: Path, href: str) -> Path | None:
    """The file a relative address on a page leads to (a folder's index.html), or None for another host."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), unquote(parts.path)))
    found = site / path
    return found / "index.html" if found.is_dir() or parts.path.endswith("/") else found


@pytest.mark.slow
def test_two_courses_publish_one_site_and_the_old_addresses_stay(tmp_path):
    """Built alone, then with next semester beside it: ws2023's files and bytes are the same; the landing page lists
    both, next semester first and ws2023 in the archive with its dates; every address on every page resolves."""
    root = repository(tmp_path)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    site = root / "site"
    alone = file_digests(site / "ws2023")
    assert "index.html" in alone and "handout.pdf" in alone and "course.ics" in alone
    assert "search/search_index.json" in alone and "papers/glorot2010understanding/index.html" in alone
    # The notebooks came from ws2023's own cache (the shared one), not from a cache of the repository's.
    assert not (root / notebook_pages.CACHE).exists()

    add_next_semester(root)
    result = run_cli(root, "build")
    assert result.returncode == 0, result.stderr
    assert file_digests(site / "ws2023") == alone
    assert sorted(p.name for p in site.iterdir()) == ["404.html", "index.html", "ss2024", "ws2023"]
    assert not (root / "courses" / "ws2023" / "site").exists()

    # Each course has its own navigation, search, handout, calendars and feed under its folder.
    for name, title in (("ws2023", "Mathematical Machine Learning -- Challenges"),):
        home = soup(site / name / "index.html")
        assert home.select_one("article h1").get_text(strip=True).startswith(title)
    for name in ("ws2023", "ss2024"):
        for part in ("handout.pdf", "course.ics", "search/search_index.json", "schedule/index.html"):
            assert (site / name / part).is_file(), (name, part)
    assert "Summer 2099" in soup(site / "ss2024" / "index.html").get_text()
    # Every page of a course leads back to the landing page (its footer), from any depth.
    for page in [p for name in ("ws2023", "ss2024") for p in (site / name).rglob("index.html")]:
        [back] = soup(page).select(".md-copyright > a")
        assert back.get_text(strip=True) == "All courses", page
        assert target(site, page, back["href"]) == site / "index.html", (page, back["href"])

    landing_page = soup(site / "index.html")
    current = [(a["href"], a.get_text(strip=True)) for a in landing_page.select("ul.current a")]
    archive = [li.get_text(" ", strip=True) for li in landing_page.select("ul.archive li")]
    assert current == [("ss2024/", "Mathematical Machine Learning -- Challenges")]
    assert len(archive) == 1 and "Winter 2023/24 · 31 October 2023 – 9 January 2024" in archive[0]
    assert [a["href"] for a in landing_page.select("ul.archive a")] == ["ws2023/"]
    assert [h.get_text() for h in landing_page.select("h2")] == ["Current and coming", "Archive"]
    # Nothing on the landing page asks another host for anything.
    assert not landing_page.select("[src], link[href], script")
    # The host shows the top 404.html for any missing address (the courses' own 404 pages are never shown): it
    # says so and lists the courses, linked from the domain's top (these courses have no site_url).
    not_found = soup(site / "404.html")
    assert not_found.select_one("p.missing").get_text() == ("There is no page at this address. Every course of this "
                                                            "site is listed below.")
    assert [a["href"] for a in not_found.select("main a")] == ["/ss2024/", "/ws2023/"]
    assert not not_found.select("[src], link[href], script")

    missing = []
    # Not 404.html: without site_url MkDocs writes its addresses from the domain's top (test_subpath.py).
    for page in (p for p in site.rglob("*.html") if p.name != "404.html"):
        course = page.relative_to(site).parts[0] if page.parent != site else None
        for tag in soup(page).select("[href], [src]"):
            address = tag.get("href") or tag.get("src")
            found = target(site, page, address)
            if found is None:
                continue
            # A course's pages lead only into its own folder (or to the landing page), so each stands alone.
            inside = found.resolve().is_relative_to((site / course).resolve()) if course else True
            if not found.is_file() or not (inside or found == site / "index.html"):
                missing.append(f"{page.relative_to(site)}: {address}")
    assert missing == []


def test_check_reports_every_course_and_build_leaves_the_site(tmp_path):
    """A problem in one course: `check` names it with its folder and still checks the other; the build stops."""
    root = repository(tmp_path)
    add_next_semester(root)
    broken = root / "courses" / "ss2024" / "course.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("2099-04-21", "2099-04-32", 1), encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and errors[0].startswith("error: courses/ss2024/course.yaml:")
    assert "2099-04-32 is not a real date" in errors[0]
    assert "courses/ws2023/course.yaml and courses/ws2023/papers.bib are valid" in result.stdout
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("last good site", encoding="utf-8")
    result = run_cli(root, "build")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 error; nothing was built, site/ is unchanged."
    assert file_digests(root / "site") == {"index.html": file_digests(root / "site")["index.html"]}
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "last good site"


def test_two_courses_with_one_id_are_refused(tmp_path):
    """A course folder copied for the next semester keeps last semester's id, so both courses' calendars would
    name their organizational meetings (and any shared date) alike: `check` and `build` refuse it at the copy's
    `id:` line, and `new --from` (which writes a new id) is the way that passes."""
    root = repository(tmp_path)
    shutil.copytree(root / "courses" / "ws2023", root / "courses" / "ss2024", symlinks=True)
    copy = root / "courses" / "ss2024" / "course.yaml"
    # Next winter's dates, a year later (not on the same weekdays, so without `weekday:`).
    text = copy.read_text(encoding="utf-8").replace("2024-01-", "2025-01-").replace("2023-", "2024-")
    copy.write_text(text.replace("semester: Winter 2023/24", "semester: Winter 2024/25").replace("  weekday: Tuesday\n", ""),
                    encoding="utf-8")
    line = copy.read_text(encoding="utf-8").splitlines().index("id: 4bdf065f5c0a2b28") + 1
    message = (f"error: courses/ss2024/course.yaml:{line}: id: '4bdf065f5c0a2b28' is also the id of courses/ws2023, "
               "so the two courses' calendar events would replace each other's in a student's calendar; give this "
               "course an id of its own (4 to 40 letters, digits and -)")
    result = run_cli(root, "check")
    assert (result.returncode, result.stderr.splitlines()) == (1, [message])
    assert result.stdout.count("are valid") == 2  # each course is valid on its own
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("last good site", encoding="utf-8")
    result = run_cli(root, "build")
    assert (result.returncode, result.stderr.splitlines()[-2:]) == (1, [message, "1 error; nothing was built, site/ is unchanged."])
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "last good site"
    copy.write_text(copy.read_text(encoding="utf-8").replace("id: 4bdf065f5c0a2b28", "id: ss2024-mml"), encoding="utf-8")
    result = run_cli(root, "check")
    assert (result.returncode, result.stderr) == (0, "")


def test_a_folder_name_that_cannot_be_an_address_is_refused(tmp_path):
    """`courses/<name>/` is published at `<name>/`: a name with '#', '?', a space or a leading dot would give the
    landing page a link that leads elsewhere (or nowhere). `check` and `build` name each such folder in one line
    with a name that works, check still checks the courses in them, and the build leaves site/ as it was."""
    root = repository(tmp_path)
    for name in ("WS 2024", "a#b?c", ".draft"):
        shutil.copytree(root / "courses" / "ws2023", root / "courses" / name, symlinks=True)
        copy = root / "courses" / name / "course.yaml"
        copy.write_text(copy.read_text(encoding="utf-8").replace("id: 4bdf065f5c0a2b28", f"id: copy-{len(name)}"),
                        encoding="utf-8")
    shutil.copytree(root / "courses" / "ws2023", root / "courses" / "Übung", symlinks=True)
    (root / "courses" / "ws2023" / "course.yaml").unlink()  # Übung (any script's letters) is the course kept
    lines = ["error: courses/.draft/: the folder's name is the course's address on the site (.draft/), and a name "
             "starting with '.' is left out of the published site; rename the folder with letters, digits, '-', '_' "
             "and '.', e.g. courses/draft",
             "error: courses/WS 2024/: the folder's name is the course's address on the site (WS 2024/), and a space "
             "cannot be part of a web address; rename the folder with letters, digits, '-', '_' and '.', e.g. "
             "courses/WS-2024",
             "error: courses/a#b?c/: the folder's name is the course's address on the site (a#b?c/), and '#' and '?' "
             "cannot be part of a web address; rename the folder with letters, digits, '-', '_' and '.', e.g. "
             "courses/a-b-c"]
    result = run_cli(root, "check")
    assert (result.returncode, result.stderr.splitlines()) == (1, lines)
    assert result.stdout.count("are valid") == 4
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("last good site", encoding="utf-8")
    result = run_cli(root, "build")
    assert (result.returncode, result.stderr.splitlines()) == (1, [*lines, "3 errors; nothing was built, site/ is unchanged."])
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "last good site"


@given(st.text(min_size=1, max_size=30))
def test_the_suggested_folder_name_is_an_address(name):
    """Whatever a folder is called, the name the message suggests passes, and a name that passes is kept as it is."""
    suggested = paths.addressable_name(name)
    assert paths.unaddressable(suggested) == ""
    if paths.unaddressable(name) == "":
        assert suggested == name.strip("-.") or suggested == "course"


def test_a_course_at_the_top_is_built_as_before_even_beside_courses(tmp_path):
    """A course.yaml at the top means one course, as today: a courses/ folder beside it is not a second site."""
    root = copy_course(tmp_path / "repo")
    (root / "courses" / "other").mkdir(parents=True)
    shutil.copy(root / "course.yaml", root / "courses" / "other" / "course.yaml")
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("course.yaml and papers.bib are valid")
    assert "courses/other" not in result.stdout + result.stderr


def git(root: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=root, check=True, capture_output=True, text=True).stdout


def test_a_finished_course_is_frozen(tmp_path):
    """An uncommitted edit to a course in courses/ whose last session is over: a warning naming what changed and how
    to undo it; next semester's course (still to come) and a committed edit get none."""
    root = repository(tmp_path)
    add_next_semester(root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "two semesters")
    old = root / "courses" / "ws2023" / "course.yaml"
    old.write_text(old.read_text(encoding="utf-8").replace("semester: Winter 2023/24", "semester: Winter 2023", 1),
                   encoding="utf-8")
    new = root / "courses" / "ss2024" / "course.yaml"
    new.write_text(new.read_text(encoding="utf-8").replace("semester: Summer 2099", "semester: Sommer 2099", 1),
                   encoding="utf-8")
    result = run_cli(root, "check")
    assert result.returncode == 0, result.stderr
    frozen = [line for line in result.stderr.splitlines() if "archived" in line]
    assert frozen == [
        "warning: courses/ws2023/course.yaml: this course ended on 2024-01-09 and is archived, and the uncommitted "
        "edits change semester; undo them with `git restore courses/ws2023/course.yaml` unless they correct a mistake "
        "(then commit them); next semester goes into a new folder "
        "(make new DIR=courses/<name> FROM=courses/ws2023 START=...)"]
    bib = root / "courses" / "ws2023" / "papers.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Understanding the Difficulty", "Understanding the Hardness",
                                                           1), encoding="utf-8")
    frozen = [line for line in run_cli(root, "check").stderr.splitlines() if "archived" in line]
    assert len(frozen) == 2
    assert frozen[1].startswith("warning: courses/ws2023/papers.bib: this course ended on 2024-01-09 and is archived, "
                                "and the uncommitted edits change semester, paper glorot2010understanding; "
                                "undo them with `git restore courses/ws2023/papers.bib`")
    git(root, "restore", "courses/ws2023")
    assert "archived" not in run_cli(root, "check").stderr


SEED = load(ROOT / "course.yaml", ROOT / "papers.bib").course


@given(st.lists(st.tuples(st.integers(0, 3000), st.integers(0, 400)), min_size=1, max_size=8),
       st.integers(0, 3400))
def test_the_landing_page_lists_every_course_once_current_first(spans, today_offset):
    """Whatever the dates: each course once, the running and coming ones by start, the archive newest first."""
    base = dt.date(2020, 1, 1)
    today = base + dt.timedelta(days=today_offset)
    listed = []
    for i, (start, length) in enumerate(spans):
        first = base + dt.timedelta(days=start)
        sessions = (dataclasses.replace(SEED.sessions[0], date=first),
                    dataclasses.replace(SEED.sessions[1], date=first + dt.timedelta(days=length)))
        course = dataclasses.replace(SEED, sessions=sessions, semester=f"S{i}")
        listed.append(landing.Listed(f"c{i}", course))
    arranged = landing.arrange(listed, today)
    assert sorted(c.folder for c in arranged.current + arranged.archive) == sorted(c.folder for c in listed)
    assert all(c.last >= today for c in arranged.current) and all(c.last < today for c in arranged.archive)
    assert [c.first for c in arranged.current] == sorted(c.first for c in arranged.current)
    assert [c.last for c in arranged.archive] == sorted((c.last for c in arranged.archive), reverse=True)
    html = soup_text(landing.page(listed, today))
    for c in listed:
        assert html.count(f'href="{c.folder}/"') == 1


@pytest.mark.parametrize(("urls", "expected"), [
    ((None, None), "/"),
    (("https://u.github.io/repo/a/", "https://u.github.io/repo/b"), "https://u.github.io/repo/"),
    (("https://u.github.io/repo/a/", None), "https://u.github.io/repo/"),
    (("https://u.github.io/repo/a/", "https://other.example/b/"), "/"),  # they disagree
    (("https://u.github.io/repo/elsewhere/", None), "/"),  # not the folder's address
])
def test_the_page_for_a_missing_address_links_from_the_sites_address(urls, expected):
    """The 404 page is shown at any depth, so its links start at the site's address, which the courses' site_url
    give (each is the site's address and the course's folder); where they do not, at the domain's top."""
    listed = [landing.Listed(folder, dataclasses.replace(SEED, site_url=url)) for folder, url in zip("ab", urls)]
    html = BeautifulSoup(landing.page(listed, dt.date(2023, 11, 20), missing=True), "html.parser")
    assert sorted(a["href"] for a in html.select("main a")) == [f"{expected}a/", f"{expected}b/"]
    assert html.title.get_text().startswith("Page not found · ")
    plain = BeautifulSoup(landing.page(listed, dt.date(2023, 11, 20)), "html.parser")
    assert sorted(a["href"] for a in plain.select("main a")) == ["a/", "b/"] and not plain.select("p.missing")


def soup_text(html: str) -> str:
    return str(BeautifulSoup(html, "html.parser"))


@pytest.mark.slow
def test_a_build_reuses_the_courses_that_did_not_change(tmp_path):
    """One course edited: only it is built again, the other is copied as it was, and the site is the one a build from
    scratch writes; an edit to the repository's settings builds every course again."""
    root = repository(tmp_path)
    add_next_semester(root)
    first = run_cli(root, "build")
    assert first.returncode == 0, first.stderr
    assert "reused" not in first.stderr
    site = root / "site"
    before = file_digests(site)
    new = root / "courses" / "ss2024" / "course.yaml"
    new.write_text(new.read_text(encoding="utf-8").replace("semester: Summer 2099", "semester: Sommer 2099", 1),
                   encoding="utf-8")
    second = run_cli(root, "build")
    assert second.returncode == 0, second.stderr
    assert "note: 1 unchanged course reused from the last build (ws2023); 1 built" in second.stderr.splitlines()
    after = file_digests(site)
    assert {k: v for k, v in after.items() if k.startswith("ws2023/")} == \
        {k: v for k, v in before.items() if k.startswith("ws2023/")}
    assert "Sommer 2099" in soup(site / "ss2024" / "index.html").get_text()
    assert "Sommer 2099" in soup(site / "index.html").get_text()
    shutil.rmtree(root / ".cache" / "courses")
    assert run_cli(root, "build").returncode == 0
    assert file_digests(site) == after
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    third = run_cli(root, "build")
    assert third.returncode == 0 and "reused" not in third.stderr
    fourth = run_cli(root, "build")
    assert "note: 2 unchanged courses reused from the last build (ss2024, ws2023); 0 built" in fourth.stderr


@pytest.mark.parametrize("planted", ["edited file", "added file", "no mark", "other key's mark"])
def test_a_kept_course_is_copied_only_as_this_users_build_kept_it(tmp_path, planted):
    """`.cache/courses/` can come with a pull request or a CI cache other branches write, and its key is computable
    from public input: a kept site that this user's build did not keep, or that changed since, is built again."""
    built = tmp_path / "built"
    (built / "papers").mkdir(parents=True)
    (built / "index.html").write_text("<p>Course</p>", encoding="utf-8")
    (built / "papers" / "index.html").write_text("<p>Papers</p>", encoding="utf-8")
    reuse.keep(tmp_path, "ws2023", "the key", built)
    assert reuse.restore(tmp_path, "ws2023", "the key", tmp_path / "copy")
    assert file_digests(tmp_path / "copy") == file_digests(built)
    kept = tmp_path / reuse.CACHE / "ws2023"
    key_file = kept / reuse.KEY
    if planted == "edited file":
        (kept / "site" / "index.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    elif planted == "added file":
        (kept / "site" / "evil.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    elif planted == "no mark":
        key_file.write_text("the key", encoding="utf-8")
    else:
        contents = reuse._contents("the key", kept / "site")
        key_file.write_text("the key\n" + hmac.new(b"k" * 32, contents, hashlib.sha256).hexdigest(), encoding="utf-8")
    assert not reuse.restore(tmp_path, "ws2023", "the key", tmp_path / "second")
    assert not (tmp_path / "second").exists()
