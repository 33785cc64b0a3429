"""Role rotation: the rule, swaps, fairness warnings, and the pages that publish them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from browser import serve
from conftest import Site, build_site, run_cli
from coursesite.course.load import load
from coursesite.model import Course, Meetings, Role, Session, SessionPaper, Swap
from coursesite.schedule import fairness, rotation


def make_roles(r: int) -> tuple[Role, ...]:
    return tuple(Role(f"r{i}", f"Role {i}", "", ()) for i in range(r))


def tiny_course(n: int, r: int, s: int, swaps=()) -> Course:
    """A course with n participants, r roles and s weekly sessions with one paper each."""
    sessions = tuple(Session(date=dt.date(2024, 1, 2) + dt.timedelta(weeks=k), papers=(SessionPaper(f"p{k}"),),
                             start=dt.time(10), end=dt.time(12), room="R", number=k + 1, index=k) for k in range(s))
    return Course(title="T", semester="S", institution="I", timezone="Europe/Berlin", summary="",
                  meetings=Meetings(dt.time(10), dt.time(12), "R"), sessions=sessions, roles=make_roles(r),
                  participants=n, swaps=tuple(swaps))


def build(n: int, r: int, s: int, swaps=()) -> tuple[Course, rotation.Rotation]:
    course = tiny_course(n, r, s, swaps)
    return course, rotation.for_course(course)


@st.composite
def rotations(draw, with_swaps: bool) -> tuple[Course, rotation.Rotation]:
    n, r, s = draw(st.integers(1, 200)), draw(st.integers(1, 10)), draw(st.integers(1, 12))
    swaps = []
    if with_swaps and n >= 2:
        for _ in range(draw(st.integers(1, 6))):
            a = draw(st.integers(1, n))
            b = draw(st.integers(1, n).filter(lambda x, a=a: x != a))
            swaps.append(Swap(draw(st.integers(1, s)), (a, b)))
    return build(n, r, s, swaps)


def shape(rot: rotation.Rotation) -> tuple[int, int, int]:
    return len(rot.table), len(rot.roles), rot.n_sessions


def column(rot: rotation.Rotation, session: int) -> Counter:
    return Counter(row[session - 1] for row in rot.table)


# --- The rule and swaps, for any course size -------------------------------------------------


@given(st.integers(1, 200), st.integers(1, 10))
def test_every_participant_fills_every_role_once(n, r):
    """With as many sessions as roles and no swaps, each participant holds each role exactly once."""
    _, rot = build(n, r, r)
    for row in rot.table:
        assert sorted(row) == list(range(r))


@given(rotations(with_swaps=False))
def test_rule_moves_one_role_further(built):
    """Participant 1 starts with the first role, the next number with the next role, and everyone moves on by one each session."""
    _, rot = built
    n, r, s = shape(rot)
    for p in rot.participants:
        assert rot.table[p - 1][0] == (p - 1) % r
        for session in range(1, s):
            assert rot.table[p - 1][session] == (rot.table[p - 1][session - 1] + 1) % r


@given(rotations(with_swaps=False))
def test_sessions_are_balanced(built):
    """Without swaps, every role is held by floor(N/R) or ceil(N/R) participants in every session."""
    _, rot = built
    n, r, s = shape(rot)
    for session in range(1, s + 1):
        counts = column(rot, session)
        assert {counts[i] for i in range(r)} <= {n // r, -(-n // r)}


@given(rotations(with_swaps=True))
def test_swaps_keep_session_counts(built):
    """Swaps exchange roles inside a session, so each session keeps the same number of holders per role."""
    _, rot = built
    _, plain = build(len(rot.table), len(rot.roles), rot.n_sessions)
    for session in range(1, rot.n_sessions + 1):
        assert column(rot, session) == column(plain, session)


@given(rotations(with_swaps=False), st.data())
def test_one_swap_exchanges_two_cells(built, data):
    """A single swap exchanges the two participants' roles in its session and changes nothing else."""
    _, rot = built
    n, r, s = shape(rot)
    if n < 2:
        return
    a = data.draw(st.integers(1, n))
    b = data.draw(st.integers(1, n).filter(lambda x: x != a))
    session = data.draw(st.integers(1, s))
    _, swapped = build(n, r, s, [Swap(session, (a, b))])
    changed = {(p, t) for p in rot.participants for t in range(1, s + 1) if swapped.role(p, t) != rot.role(p, t)}
    assert swapped.role(a, session) == rot.role(b, session) and swapped.role(b, session) == rot.role(a, session)
    assert changed <= {(a, session), (b, session)}


@settings(max_examples=300, deadline=None)
@given(st.one_of(rotations(with_swaps=False), rotations(with_swaps=True)))
def test_check_is_silent_exactly_when_fair(built):
    """check() warns iff sessions != roles, participants < roles, or some participant does not fill every role once."""
    course, rot = built
    n, r, s = shape(rot)
    fair = s == r and n >= r and all(sorted(row) == list(range(r)) for row in rot.table)
    findings = fairness.check(course, rot)
    assert (findings == []) == fair
    assert (("sessions",) in [f.about for f in findings]) == (s != r)
    assert (("participants",) in [f.about for f in findings]) == (n < r)


@given(rotations(with_swaps=True))
def test_check_names_each_unfair_participant(built):
    """check() names exactly the participants who hold a role more or less often than the rule gives, at their first swap."""
    course, rot = built
    n, r, s = shape(rot)
    unfair = {p for p, row in enumerate(rot.table, 1)
              if any(not s // r <= Counter(row)[i] <= -(-s // r) for i in range(r))}
    named = {}
    for f in fairness.check(course, rot):
        m = re.match(r"participant (\d+) ", f.message)
        if m:
            named[int(m[1])] = f.about
    assert set(named) == unfair
    for p, about in named.items():
        first = next(i for i, swap in enumerate(rot.swaps) if p in swap.participants)
        assert about == ("swaps", first)


@pytest.mark.parametrize("n_sessions, row, message", [
    (3, (0, 0, 0), "participant 1 plays A 3 times and never B or C"),
    (3, (0, 0, 1), "participant 1 plays A twice and never C"),
    (4, (0, 0, 1, 1), "participant 1 never plays C"),
    (2, (0, 0), "participant 1 plays A twice"),
    (7, (0, 0, 0, 0, 1, 1, 2), "participant 1 plays A 4 times and C only once"),
])
def test_unfair_participant_message(n_sessions, row, message):
    """The warning for an unfair participant says in words which roles they hold too often and which too rarely."""
    course = dataclasses.replace(tiny_course(1, 3, n_sessions), roles=tuple(Role(x.lower(), x, "", ()) for x in "ABC"))
    rot = dataclasses.replace(rotation.for_course(course), table=(row,))
    assert [f.message for f in fairness.check(course, rot) if f.message.startswith("participant 1 ")] == [message]


def test_unbalanced_session_message():
    """A table with an unbalanced session (which rule and swaps never make) is reported with the counts per role."""
    course = dataclasses.replace(tiny_course(4, 2, 2), roles=tuple(Role(x.lower(), x, "", ()) for x in "AB"))
    rot = dataclasses.replace(rotation.for_course(course), table=((0, 1), (0, 0), (0, 1), (1, 0)))
    assert [(f.about, f.message) for f in fairness.check(course, rot) if "unbalanced" in f.message] == [
        (("sessions", 0), "the session is unbalanced (A 3, B 1); each role should have 2 participants")]


# --- Reading the built site -------------------------------------------------------------------


def model(root: Path) -> rotation.Rotation:
    return rotation.for_course(load(root / "course.yaml", root / "papers.bib").course)


def cell_text(tag) -> str:
    return " ".join(tag.get_text(" ").split())


def heading_text(tag) -> str:
    return cell_text(tag).removesuffix("¶").strip()


def rotation_table(site: Site) -> list[list[str]]:
    """The first table on /rotation/, body rows only, as text."""
    table = site.content("/rotation/").find("table")
    return [[cell_text(td) for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


def personal_roles(site: Site, n: int) -> dict[int, str]:
    """Session number -> role, read from the headings and the Role item of /participants/<n>/."""
    page = site.content(f"/participants/{n}/")
    roles = {}
    for h2 in page.select("section.cs-event > h2"):
        m = re.fullmatch(r"Session (\d+): (.+)", heading_text(h2))
        item = next(li for li in h2.find_next("ul").find_all("li", recursive=False) if cell_text(li).startswith("Role:"))
        assert cell_text(item.find("a")) == m[2]
        roles[int(m[1])] = m[2]
    return roles


def paper_holders(site: Site, key: str) -> tuple[int, dict[str, list[int]]]:
    """Session number and role -> participant numbers, from the paper page's "Who holds which role" list."""
    page = site.content(f"/papers/{key}/")
    h2 = next(h for h in page.find_all("h2") if heading_text(h).startswith("Who holds which role"))
    session = int(re.fullmatch(r"Who holds which role \(Session (\d+)\)", heading_text(h2))[1])
    holders = {}
    for li in h2.find_next("ul").find_all("li", recursive=False):
        links = li.find_all("a")
        holders[cell_text(links[0])] = [int(cell_text(a)) for a in links[1:]]
    return session, holders


def edit(root: Path, old: str, new: str) -> None:
    """Replace one exact, unique piece of course.yaml (keeps the organizers' comments)."""
    path = root / "course.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def append(root: Path, text: str) -> int:
    """Append lines to course.yaml; returns the line number of the first appended line."""
    path = root / "course.yaml"
    old = path.read_text(encoding="utf-8")
    path.write_text(old + text, encoding="utf-8")
    return len(old.splitlines()) + 1


def test_rotation_table_equals_model(site):
    """The first table on /rotation/ has one row per participant number whose cells are exactly the model's role names."""
    rot = model(site.root)
    sessions = range(1, rot.n_sessions + 1)
    assert rotation_table(site) == [[str(p)] + [rot.role(p, s).name for s in sessions] for p in rot.participants]


def test_seed_pages_agree_with_rule(site):
    """Seed course: rotation table, personal pages and paper pages all give participant p role (p-1+s-1) mod 5 in session s."""
    course = load(site.root / "course.yaml", site.root / "papers.bib").course
    names = [role.name for role in course.roles]
    n = course.participants
    rule = {(p, s): names[(p - 1 + s - 1) % len(names)] for p in range(1, n + 1) for s in range(1, len(course.sessions) + 1)}
    table = {(int(row[0]), s): name for row in rotation_table(site) for s, name in enumerate(row[1:], 1)}
    assert table == rule
    personal = {(p, s): name for p in range(1, n + 1) for s, name in personal_roles(site, p).items()}
    assert personal == rule
    for session in course.sessions:
        number, holders = paper_holders(site, session.paper)
        assert number == session.number
        assert holders == {name: [p for p in range(1, n + 1) if rule[p, number] == name] for name in names}
    assert not (site.dir / "participants" / str(n + 1)).exists()


def test_picker_without_javascript(site):
    """/rotation/ lists a link to every personal page, and the typed picker stays hidden until its script shows it."""
    page = site.content("/rotation/")
    links = page.select(".cs-numbers a")
    assert [(cell_text(a), a["href"]) for a in links] == [(str(p), f"../participants/{p}/") for p in range(1, 11)]
    form = page.select_one("form[data-cs-picker]")
    assert form.has_attr("hidden")
    assert (form.input["min"], form.input["max"]) == ("1", "10")


@pytest.mark.slow
def test_swap_builds_with_warnings(course_dir):
    """A swap that breaks the rotation builds, warns about both participants, and the pages show the exchanged roles."""
    line = append(course_dir, "\nswaps:\n  - session: 2\n    participants: [3, 7]\n") + 2
    result = run_cli(course_dir, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"warning: course.yaml:{line}: swaps[0]: participant 3 plays Academic Researcher twice and never Private Investigator",
        f"warning: course.yaml:{line}: swaps[0]: participant 7 plays Private Investigator twice and never Academic Researcher",
    ]
    site = Site(course_dir)
    table = {int(row[0]): row[1:] for row in rotation_table(site)}
    assert (table[3][1], table[7][1]) == ("Academic Researcher", "Private Investigator")
    assert table[3][0] == "Academic Researcher" and table[7][2] == "Private Investigator"
    assert personal_roles(site, 3)[2] == "Academic Researcher"
    assert personal_roles(site, 7)[2] == "Private Investigator"
    number, holders = paper_holders(site, "ba2014deep")
    assert number == 2
    assert holders["Academic Researcher"] == [2, 3] and holders["Private Investigator"] == [7, 8]
    assert rotation_table(site) == [[str(p)] + [model(course_dir).role(p, s).name for s in range(1, 6)] for p in range(1, 11)]


def test_check_prints_the_issue_example(course_dir):
    """`check` warns "participant 3 plays Hacker twice and never Archaeologist" for a swap with participant 1 in session 5."""
    line = append(course_dir, "\nswaps:\n  - session: 5\n    participants: [3, 1]\n") + 2
    result = run_cli(course_dir, "check")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"warning: course.yaml:{line}: swaps[0]: participant 1 plays Archaeologist twice and never Hacker",
        f"warning: course.yaml:{line}: swaps[0]: participant 3 plays Hacker twice and never Archaeologist",
    ]
    assert result.stdout.splitlines()[0] == ("course.yaml and papers.bib are valid: 5 sessions, 5 roles, 10 participants, "
                                             "6 papers, 2 warning(s).")


SIXTH_ROLE = """\
  - id: practitioner
    name: Industry Practitioner
    summary: Pitches a product built on the paper.
    duties:
      - Propose an application of the paper and weigh what it would do for and against its users.
"""


@pytest.mark.slow
def test_thirteen_participants_six_roles(course_dir):
    """13 participants, 6 roles and 6 sessions build without warnings; each session has 2 or 3 holders per role."""
    edit(course_dir, "\nparticipants: 10\n", "\nparticipants: 13\n")
    edit(course_dir, "      - Demonstrate it in the meeting and walk through the core of the code.\n",
         "      - Demonstrate it in the meeting and walk through the core of the code.\n" + SIXTH_ROLE)
    edit(course_dir, "\nsessions:\n", "\nsessions:\n  - date: 2023-10-24\n    paper: zhang2017understanding\n")
    result = run_cli(course_dir, "build")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    site = Site(course_dir)
    rows = rotation_table(site)
    assert [row[0] for row in rows] == [str(p) for p in range(1, 14)]
    names = [r.name for r in load(course_dir / "course.yaml", course_dir / "papers.bib").course.roles]
    assert len(names) == 6 and all(len(row) == 7 for row in rows)
    for s in range(1, 7):
        counts = Counter(row[s] for row in rows)
        assert set(counts) == set(names) and set(counts.values()) <= {2, 3}
    assert all(sorted(row[1:]) == sorted(names) for row in rows)
    assert personal_roles(site, 13) == {s: row for s, row in enumerate(rows[12][1:], 1)}


def test_rotation_by_number_class(no_participants_site):
    """Without a participant count, /rotation/ shows the rotation by number class and no personal pages exist."""
    site = no_participants_site
    assert ("The number of participants is not known yet, so each row stands for all numbers that hold the same roles, "
            "for example numbers 1, 6, 11, ….") in site.text("/rotation/")
    names = ["Scientific Peer Reviewer", "Archaeologist", "Academic Researcher", "Private Investigator", "Hacker"]
    assert rotation_table(site) == [[f"{k}, {k + 5}, {k + 10}, …"] + [names[(k - 1 + s - 1) % 5] for s in range(1, 6)]
                                    for k in range(1, 6)]
    assert not (site.dir / "participants").exists()
    assert site.content("/rotation/").select_one("form[data-cs-picker]") is None
    assert "Who holds which role" not in site.text("/papers/ba2014deep/")


# --- The number picker in a browser ------------------------------------------------------------


def pick(page, number: str) -> None:
    page.fill("form[data-cs-picker] input", number)
    page.press("form[data-cs-picker] input", "Enter")


def wait_for_heading(page, text: str) -> None:
    page.wait_for_function("t => document.querySelector('article h1').textContent.startsWith(t)", arg=text, timeout=10000)


def test_picker_with_javascript(site, browser):
    """With JavaScript the picker shows up; typing 7 opens participant 7's page and 11 is refused in place."""
    with serve(site.dir) as base:
        base = base.rstrip("/")
        page = browser.new_page()
        page.goto(base + "/rotation/")
        assert page.is_visible("form[data-cs-picker]")
        pick(page, "7")
        page.wait_for_url(base + "/participants/7/")
        wait_for_heading(page, "Participant 7")
        page.goto(base + "/rotation/")
        # The browser refuses 11 (above the input's max) as Enter submits, before any submit listener: the input's
        # "invalid" event fires and no "submit" does, both while the key is handled, so nothing is left to wait for
        # (it waited 300 ms to see that no page came).
        page.evaluate("""() => {
          window.csSeen = [];
          document.addEventListener("submit", () => window.csSeen.push("submit"), true);
          document.querySelector("form[data-cs-picker] input").addEventListener("invalid", () => window.csSeen.push("invalid"));
        }""")
        pick(page, "11")
        assert page.evaluate("window.csSeen") == ["invalid"]
        assert page.url == base + "/rotation/"
        assert page.evaluate("document.querySelector('form[data-cs-picker] input').validity.rangeOverflow")
        page.close()


@pytest.mark.slow
def test_picker_with_instant_navigation(course_dir, browser):
    """With Material's instant navigation, the picker works on a /rotation/ reached without a page load."""
    mkdocs = course_dir / "mkdocs.yml"
    text = mkdocs.read_text(encoding="utf-8")
    assert text.count("    - navigation.sections\n") == 1
    mkdocs.write_text(text.replace("    - navigation.sections\n", "    - navigation.instant\n    - navigation.sections\n"))
    with serve(course_dir / "site") as base:
        base = base.rstrip("/")
        # Instant navigation only follows links listed in the sitemap, which needs the real address.
        edit(course_dir, "# site_url: https://<user>.github.io/<repository>/", f"site_url: {base}/")
        build_site(course_dir)
        page = browser.new_page()
        page.goto(base + "/", wait_until="load")
        page.wait_for_load_state("networkidle")  # "load" first: see browser.py
        page.evaluate("window.csSamePage = true")  # survives instant navigation, not a page load
        page.click("nav.md-nav--primary >> text=Role rotation")
        wait_for_heading(page, "Role rotation")
        assert page.evaluate("window.csSamePage === true")
        assert page.is_visible("form[data-cs-picker]")
        pick(page, "3")
        page.wait_for_url(base + "/participants/3/")
        wait_for_heading(page, "Participant 3")
        assert page.evaluate("window.csSamePage === true")
        page.close()


def roles_on_personal_page(site: Site, n: int) -> dict[str, str]:
    """Date -> role name, from the session boxes of /participants/<n>/ that name a role."""
    page = site.content(f"/participants/{n}/")
    found = {}
    for section in page.select("section.cs-event"):
        item = next((li for li in section.find_all("li") if cell_text(li).startswith("Role:")), None)
        if item is not None:
            found[section.find("time")["datetime"][:10]] = cell_text(item.find("a"))
    return found


def test_done_when_edits_keep_personal_pages(course_dir):
    """Seed course: an introduction without a paper, cancelling session 3 and moving session 4 build, and every
    participant's personal page shows the same role on every other date as before."""
    before = build_site(course_dir)
    old = {n: roles_on_personal_page(before, n) for n in range(1, 11)}
    edit(course_dir, "\nsessions:\n", "\nsessions:\n  - date: 2023-10-24\n    title: Introduction\n")
    edit(course_dir, "  - date: 2023-12-05\n", "  - date: 2023-12-05\n    cancelled: true\n")
    edit(course_dir, "  - date: 2023-12-19\n", "  - date: 2023-12-20\n    moved_from: 2023-12-19\n")
    result = run_cli(course_dir, "build")
    assert result.returncode == 0, result.stderr
    assert [tuple(line.split(": ", 4)[2:4]) for line in result.stderr.splitlines()] == [
        ("session 4 (5 December 2023), cancelled", "the session is cancelled, so participants 4, 9 lose Scientific Peer Reviewer; "
         "participants 5, 10 lose Archaeologist; participants 1, 6 lose Academic Researcher; participants 2, 7 lose "
         "Private Investigator; participants 3, 8 lose Hacker; to give them the role in another session, add swaps there")]
    after = Site(course_dir)
    for n in range(1, 11):
        new = roles_on_personal_page(after, n)
        expected = {day: role for day, role in old[n].items() if day != "2023-12-05"}
        expected["2023-12-20"] = expected.pop("2023-12-19")
        assert new == expected
