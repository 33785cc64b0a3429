"""Valid courses of every shape, made by hypothesis, and an oracle for who holds what in them.

`courses()` draws a course.yaml (as data) and a papers.bib that `check` must accept: every key of the
format's records (model.py, course.schema.json, the guide's *Sessions of every shape* and *Everyday
changes*) appears in some drawn course. The dimensions: 0..8 roles with and without `due`, participants
absent or 1..60, presenters, `assign`, swaps by number and by date, `withdrawn` and `joined`,
`rotation: none` and sessions with `rotation: false`, cancelled, moved (`moved_from`), paperless and
multi-paper sessions, several sessions on one day, online-only and hybrid sessions, deadlines, materials,
announcements, organizers, registration and the organizational meeting present or absent, English,
German and French, `site_url` and `id` set or not.

`holdings()` is the oracle: written from the guide's rules (*How the rotation works*, *Swap two
participants' roles*, *A participant drops out, or joins late*, *Choose who holds which role*, *Hand out
talks*), reading only the drawn course.yaml data, never the project's schedule code; the tests compare
it with what each personal page shows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies


def _key(value: Any) -> Any:
    """An argument of a strategy as a dictionary key: lists and ranges by their items."""
    return tuple(map(_key, value)) if isinstance(value, (list, tuple, range)) else value


class _Strategies:
    """hypothesis.strategies, each strategy made once per arguments. A course draws a few hundred times from
    strategies written where they are drawn from (`st.sampled_from([...])`); each new one is checked again before
    its first draw and hypothesis' own cache cannot keep those of a list: making them was a third of the CPU of
    drawing a course. A strategy is a description of values, so the same one draws exactly what a new one would."""

    def __getattr__(self, name: str) -> Callable[..., Any]:
        factory = getattr(strategies, name)
        made: dict[tuple, Any] = {}

        @functools.wraps(factory)
        def cached(*args: Any, **kwargs: Any) -> Any:
            key = (_key(args), _key(sorted(kwargs.items())))
            if key not in made:
                made[key] = factory(*args, **kwargs)
            return made[key]

        setattr(self, name, cached)
        return cached


st = _Strategies()

# Plain text as organizers type it, with characters that pages must escape (`*`, `_`, `<b>`, `&`, `{{ }}`).
WORDS = ["deep", "networks", "residual", "attention", "Adam", "loss", "landscape", "kernels", "Über", "naïve",
         "C++", "R&D", "<b>bold</b>", "*star*", "_under_", "{{ x }}", "50%", "#1", "Σ-models", "«quoted»"]
ROOMS = ["Room 101", "SR 2", "Hörsaal 3 & 4", "Lab <K>", "INF 205, 1. OG"]
ROLE_NAMES = ["Presenter", "Critic", "Scribe", "Hacker", "Reviewer", "Archaeologist", "Investigator", "Détective & Co"]
TIMEZONES = ["Europe/Berlin", "America/New_York", "UTC", "Asia/Tokyo"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
# Times of the sessions of a day with several sessions (a block seminar): never overlapping.
BLOCK = [("09:00", "10:30"), ("11:00", "12:30"), ("14:00", "15:30"), ("16:00", "17:30")]


@dataclass(frozen=True)
class Generated:
    """A course.yaml's data and its papers.bib."""

    course: dict[str, Any]
    bib: str


def _text(draw, lo: int = 1, hi: int = 4) -> str:
    return " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=lo, max_size=hi))).capitalize()


def _hhmm(t: str) -> dt.time:
    return dt.time.fromisoformat(t)


def _bib(n_papers: int, draw) -> str:
    entries = []
    for i in range(n_papers):
        authors = " and ".join(draw(st.lists(st.sampled_from(
            ["He, Kaiming", "Ba, Jimmy", "Kingma, Diederik P.", "M{\\\"u}ller, Anna", "van der Berg, Jan", "Caruana, Rich"]),
            min_size=1, max_size=4, unique=True)))
        title = " ".join(draw(st.lists(st.sampled_from(
            ["Deep", "Learning", "of", "Residual", "Networks", "Attention", "Is", "All", "You", "Need", "{B}ayes", "\\& More",
             "Optimization:", "Why?", "--", "Graphs"]), min_size=2, max_size=7)))
        kind = draw(st.sampled_from(["article", "inproceedings", "misc"]))
        venue = {"article": "  journal = {Journal of Examples},\n", "inproceedings": "  booktitle = {Proceedings of Tests},\n",
                 "misc": f"  eprint = {{2101.0000{i % 10}}},\n  archiveprefix = {{arXiv}},\n"}[kind]
        entries.append(f"@{kind}{{p{i},\n  author = {{{authors}}},\n  title = {{{title}}},\n{venue}"
                       f"  year = {{{2000 + i}}},\n}}\n")
    # An entry no session reads is left out with a note, never an error.
    entries.append("@misc{unused,\n  title = {Nobody reads this},\n  year = {1999},\n}\n")
    return "\n".join(entries)


@st.composite
def courses(draw, small: bool = False) -> Generated:
    """A course that `check` accepts; `small`: at most 4 roles, 6 participants, 4 sessions and 3 papers (for
    the tests that build whole sites with MkDocs, where every page costs time)."""
    language = draw(st.sampled_from(["en", "de", "fr"]))
    n_roles = draw(st.integers(0, 4 if small else 8))
    participants = draw(st.none() | st.integers(1, 6 if small else 60))
    rotation_none = n_roles > 0 and draw(st.integers(0, 3)) == 0
    n_sessions = draw(st.integers(1, 4 if small else 9))
    n_papers = draw(st.integers(1, 3 if small else 8))
    keys = [f"p{i}" for i in range(n_papers)]
    weekday_set = draw(st.booleans())
    first = dt.date(2027, 4, 5) + dt.timedelta(days=draw(st.integers(0, 6)))  # some day of one week
    meeting_room = draw(st.sampled_from([*ROOMS, None]))
    meeting_online = draw(st.sampled_from([None, None, "https://meet.example/seminar?pwd=1&x=2"]))

    course: dict[str, Any] = {
        "title": _text(draw, 2, 5) or "Seminar",
        "semester": draw(st.sampled_from(["Summer 2027", "Sommersemester 2027"])),
        "institution": draw(st.sampled_from(["Example University", "Universität Beispiel", "Inst. <A&B>"])),
        "language": language,
        "timezone": draw(st.sampled_from(TIMEZONES)),
        "summary": draw(st.sampled_from([
            "Three papers, read *closely*.", "We read:\n\n- one paper\n- another paper\n",
            "See [the example](https://example.org/a_b) and `code`."])),
    }
    if draw(st.booleans()):
        # The calendars' identity, as `new` writes it; without it, one made from title and semester.
        course["id"] = draw(st.sampled_from(["a1b2c3d4e5f60718", "ml-seminar-2027", "Abcd"]))
    if draw(st.booleans()):
        course["site_url"] = draw(st.sampled_from(["https://seminar.example/ml/", "https://u.example.io/"]))
    for key in ("topic", "audience", "address"):
        if draw(st.booleans()):
            course[key] = _text(draw)
    if draw(st.booleans()):
        course["citation_style"] = draw(st.sampled_from(["apa", "ieee", "chicago-author-date"]))

    # Sessions: weekly from `first`; some days hold several sessions (block times), some are moved by a day.
    sessions: list[dict[str, Any]] = []
    day = first
    while len(sessions) < n_sessions:
        per_day = draw(st.sampled_from([1, 1, 1, 2, 3]))
        per_day = min(per_day, n_sessions - len(sessions))
        for j in range(per_day):
            s: dict[str, Any] = {"date": day}
            if per_day > 1:
                s["start"], s["end"] = BLOCK[j]
            sessions.append(s)
        if per_day == 1 and draw(st.integers(0, 5)) == 0:
            # Moved to the next day on purpose: keeps the place of its regular date.
            sessions[-1]["moved_from"] = day
            sessions[-1]["date"] = day + dt.timedelta(days=1)
        day += dt.timedelta(days=7)

    roles = []
    for i in range(n_roles):
        role: dict[str, Any] = {"id": f"r{i}-{ROLE_NAMES[i][:3].lower().replace('é', 'e')}", "name": ROLE_NAMES[i],
                                "summary": _text(draw) + ".", "duties": [_text(draw) for _ in range(draw(st.integers(1, 2)))]}
        if draw(st.integers(0, 2)) == 0:
            role["due"] = {"days_before": draw(st.integers(0, 3)), "what": _text(draw)}
            if draw(st.booleans()):
                role["due"]["time"] = draw(st.sampled_from(["08:00", "18:00", "23:59"]))
        roles.append(role)
    if roles:
        course["roles"] = roles
    if rotation_none:
        course["rotation"] = "none"

    for s in sessions:
        shape = draw(st.sampled_from(["one", "one", "several", "none"] if n_papers > 1 else ["one", "one", "none"]))
        chosen = draw(st.lists(st.sampled_from(keys), min_size={"one": 1, "several": 2, "none": 0}[shape],
                               max_size={"one": 1, "several": 3, "none": 0}[shape], unique=True))
        if len(chosen) == 1 and draw(st.booleans()) and not participants:
            s["paper"] = chosen[0]
        elif chosen:
            entries: list[Any] = []
            for key in chosen:
                if participants and draw(st.booleans()):
                    entries.append({"key": key, "presenters": draw(st.lists(
                        st.integers(1, participants), min_size=1, max_size=min(2, participants), unique=True))})
                else:
                    entries.append(key)
            s["papers"] = entries
        if not chosen or draw(st.integers(0, 3)) == 0:
            s["title"] = draw(st.sampled_from(["Introduction", "Einführung", "Guest talk", "Projects & <more>"]))
        if chosen and draw(st.integers(0, 5)) == 0:
            s["rotation"] = False
        if draw(st.integers(0, 4)) == 0:
            s["cancelled"] = True
            if draw(st.booleans()):
                s["note"] = draw(st.sampled_from(["Public holiday.", "The room is *taken*."]))
        elif draw(st.integers(0, 4)) == 0:
            s["note"] = "Bring a laptop."
        where = draw(st.sampled_from(["default", "room", "online", "hybrid"]))
        if where == "room" or (where == "default" and meeting_room is None and meeting_online is None):
            s["room"] = draw(st.sampled_from(ROOMS))
        elif where == "online":
            s["online"] = "https://meet.example/s"  # without a room of its own: online only
        elif where == "hybrid":
            s["room"], s["online"] = draw(st.sampled_from(ROOMS)), "https://meet.example/h"
        if draw(st.integers(0, 3)) == 0:
            s["summary"] = draw(st.sampled_from(["A *short* summary.", "Read [this](https://example.org/x) first."]))
        if draw(st.integers(0, 3)) == 0:
            s["questions"] = ["Why?", "What does `x` do?"][: draw(st.integers(1, 2))]
        if chosen and draw(st.integers(0, 3)) == 0:
            s["further_reading"] = draw(st.lists(st.sampled_from(keys), min_size=1, max_size=2, unique=True))
        if draw(st.integers(0, 3)) == 0:
            s["materials"] = [{"title": "Slides", "url": "https://example.org/slides.pdf"}][: draw(st.integers(1, 1))]
            if draw(st.booleans()):
                s["materials"].append({"title": "Code & data", "url": "https://example.org/code?x=1&y=2"})
        if draw(st.integers(0, 3)) == 0:
            # On or before the session's day, before it starts; two at one time in some courses (one UID each).
            start = s.get("start") or "16:15"
            days = draw(st.integers(0, 6))
            due = s["date"] - dt.timedelta(days=days)
            time = "08:00" if days == 0 else draw(st.sampled_from(["12:00", "23:59"]))
            s["deadlines"] = [{"date": due, "time": time, "what": "Send your slides"}]
            if draw(st.booleans()):
                s["deadlines"].append({"date": due, "time": time, "what": "Send your notes"})
            assert _hhmm(time) <= _hhmm(start) or days > 0
    meetings: dict[str, Any] = {"start": "16:15", "end": "17:45"}
    if meeting_room is not None:
        meetings["room"] = meeting_room
    if meeting_online is not None:
        meetings["online"] = meeting_online
    if weekday_set:
        meetings["weekday"] = WEEKDAYS[first.weekday()]
    course["meetings"] = meetings
    # The session's own start: block days have theirs; a session on a usual day may start later.
    for s in sessions:
        if "start" not in s and draw(st.integers(0, 5)) == 0:
            s["start"], s["end"] = "18:00", "19:30"
            for d in s.get("deadlines", ()):
                if d["date"] == s["date"]:
                    d["time"] = "08:00"

    if participants is not None:
        course["participants"] = participants
        role_ids = [r["id"] for r in roles]
        if roles:
            for s in sessions:
                if draw(st.integers(0, 5)) == 0:
                    # Each participant holds at most one role in the session.
                    people = draw(st.permutations(range(1, participants + 1)))[: min(participants, 2 * len(roles))]
                    assign: dict[str, list[int]] = {}
                    for p in people:
                        if draw(st.booleans()):
                            assign.setdefault(draw(st.sampled_from(role_ids)), []).append(p)
                    if assign:
                        s["assign"] = assign
                        if not s.get("papers") and not s.get("paper"):
                            s.setdefault("title", "Workshop")
        if participants >= 2:
            with_roles = [n for n, s in enumerate(sessions, 1) if _has_roles(course, s)]
            swaps = []
            for _ in range(draw(st.integers(0, 3)) if with_roles else 0):
                n = draw(st.sampled_from(with_roles))
                pair = draw(st.lists(st.integers(1, participants), min_size=2, max_size=2, unique=True))
                day_of = sessions[n - 1]["date"]
                unique_day = sum(1 for s in sessions if s["date"] == day_of) == 1
                by_date = unique_day and draw(st.booleans())
                swaps.append({"session": day_of if by_date else n, "participants": pair})
            if swaps:
                course["swaps"] = swaps
        last = sessions[-1]["date"]
        for name in ("withdrawn", "joined"):
            if draw(st.integers(0, 2)) == 0:
                picked = draw(st.lists(st.integers(1, participants), min_size=1, max_size=min(3, participants), unique=True))
                course[name] = {p: first + dt.timedelta(days=draw(st.integers(0, (last - first).days))) for p in picked}
        # Nobody withdraws on or before the day they join.
        for p, came in list(course.get("joined", {}).items()):
            left = course.get("withdrawn", {}).get(p)
            if left is not None and left <= came:
                del course["withdrawn"][p]
        if course.get("withdrawn") == {}:
            del course["withdrawn"]

    # The organizational meeting comes before the first session, when there is one.
    if draw(st.booleans()):
        course["organizational_meeting"] = {"date": first - dt.timedelta(days=draw(st.integers(1, 14))), "start": "16:00",
                                            "room": draw(st.sampled_from(ROOMS))}
        if draw(st.booleans()):
            course["organizational_meeting"]["end"] = "17:00"
        if draw(st.booleans()):
            course["organizational_meeting"]["note"] = "We hand out the *numbers*."
    if draw(st.booleans()):
        course["registration"] = {"text": "Write to the organizers."}
        if draw(st.booleans()):
            course["registration"]["url"] = "https://example.org/register?course=1"
    if draw(st.booleans()):
        course["organizers"] = [{"name": "Anna Example"}]
        if draw(st.booleans()):
            course["organizers"][0]["email"] = "anna@uni.example"
        if draw(st.booleans()):
            course["organizers"].append({"name": "Dr. B. <Beispiel>", "url": "https://uni.example/~b",
                                         "email": "b.beispiel@uni.example"})
    if draw(st.booleans()):
        course["announcements"] = [{"date": first - dt.timedelta(days=k), "text": t} for k, t in enumerate(
            draw(st.lists(st.sampled_from(["Room change: see the *schedule*.", "Welcome!", "Slides are [online](https://example.org/)."]),
                          min_size=1, max_size=3)))]
        if draw(st.booleans()):
            course["announcement_days"] = draw(st.integers(0, 30))

    # Prose that links the site's pages: only pages this course has (check refuses the others).
    read = [k for s in sessions for k in _keys(s)]
    body = "Everyone reads every paper."
    if _rotation_pages(course, sessions):
        body += " The [roles](roles.md) and the [rotation](rotation.md) say who does what."
    if read:
        body += f" Start with [the first paper](papers/{read[0]}.md) and the [schedule](schedule.md)."
    course["sections"] = [{"title": "How it works", "body": body}]
    if draw(st.booleans()):
        course["sections"].append({"title": "Credit", "body": "Say *what* counts."})
    graded = any(not s.get("cancelled") and (_has_roles(course, s) or _presenters(s)) for s in sessions)
    if graded and draw(st.booleans()):
        course["grading"] = {"presentation": 0.6, "discussion": 0.4}
    course["sessions"] = sessions
    return Generated(course, _bib(n_papers, draw))


# --- The oracle: the guide's rules, over course.yaml's data ---------------------------------------------


def _keys(s: dict) -> list[str]:
    if "paper" in s:
        return [s["paper"]]
    return [e if isinstance(e, str) else e["key"] for e in s.get("papers", ())]


def _presenters(s: dict) -> dict[str, list[int]]:
    return {e["key"]: list(e["presenters"]) for e in s.get("papers", ()) if isinstance(e, dict) and e.get("presenters")}


def _takes_place_in_rule(course: dict, s: dict) -> bool:
    """Guide, *How the rotation works*: a session with a paper takes a place, unless `rotation: false`."""
    return bool(course.get("roles")) and course.get("rotation", "rule") == "rule" and bool(_keys(s)) and s.get("rotation", True)


def _has_roles(course: dict, s: dict) -> bool:
    """Roles are given in the session: by the rule, or by `assign` (which replaces the rule there)."""
    return bool(course.get("roles")) and (bool(s.get("assign")) or _takes_place_in_rule(course, s))


def _rotation_pages(course: dict, sessions: list[dict]) -> bool:
    return any(_has_roles(course, s) for s in sessions)


def numbered(course: dict) -> list[dict]:
    """The sessions as the site numbers them: by date, then start time."""
    start = course["meetings"]["start"]
    return sorted(course["sessions"], key=lambda s: (s["date"], _hhmm(s.get("start", start))))


@dataclass(frozen=True)
class Holding:
    """What a participant does in one session."""

    cancelled: bool
    role: str | None
    """The role's name."""
    talk: bool


def holdings(course: dict) -> dict[int, list[Holding]]:
    """Participant -> what they hold in each session, in session-number order; empty without participants."""
    n = course.get("participants")
    if not n:
        return {}
    roles = course.get("roles", [])
    ids = {r["id"]: r["name"] for r in roles}
    sessions = numbered(course)
    start = course["meetings"]["start"]
    # A session's place: its rank among the rotating sessions by original date (the date it moved from).
    rotating = sorted((s for s in sessions if _takes_place_in_rule(course, s)),
                      key=lambda s: (s.get("moved_from", s["date"]), _hhmm(s.get("start", start))))
    place = {id(s): k for k, s in enumerate(rotating)}
    table: dict[int, list[str | None]] = {p: [] for p in range(1, n + 1)}
    for s in sessions:
        for p in table:
            if s.get("assign"):
                held = [ids[r] for r, people in s["assign"].items() if p in people]
                table[p].append(held[0] if held else None)
            elif id(s) in place:
                table[p].append(roles[(p - 1 + place[id(s)]) % len(roles)]["name"])
            else:
                table[p].append(None)
    for swap in course.get("swaps", ()):
        if isinstance(swap["session"], int):
            col = swap["session"] - 1
        else:
            col = next(i for i, s in enumerate(sessions) if s["date"] == swap["session"])
        a, b = swap["participants"]
        table[a][col], table[b][col] = table[b][col], table[a][col]
    result: dict[int, list[Holding]] = {}
    for p, row in table.items():
        left, came = course.get("withdrawn", {}).get(p), course.get("joined", {}).get(p)
        out = []
        for s, role in zip(sessions, row):
            active = (left is None or s["date"] < left) and (came is None or s["date"] >= came)
            talk = any(p in people for people in _presenters(s).values())
            if s.get("cancelled"):
                out.append(Holding(True, None, False))
            else:
                out.append(Holding(False, role if active else None, talk and active))
        result[p] = out
    return result


def someone_holds_a_role(course: dict) -> bool:
    """Whether the roles and rotation pages belong to the course: some session gives roles (cancelled or not)."""
    return _rotation_pages(course, course["sessions"])


# --- Invalid edits: a valid course plus one mistake an organizer could make ----------------------------

MARK = "qqmark"
"""Written into the bad value, so that the test finds the line that the error must name."""


@dataclass(frozen=True)
class BadEdit:
    """A generated course with one bad edit, and where `check` must point: the file and a text on that line."""

    name: str
    generated: Generated
    file: str
    marker: str
    nth: int = 1
    """The error names the nth line with the marker (1: the first)."""


def _read_keys(course: dict) -> list[str]:
    return [k for s in course["sessions"] for k in _keys(s)]


@st.composite
def bad_edits(draw) -> BadEdit:
    """One edit that `check` (and so the build) must refuse, naming the file and line it is on."""
    good = draw(courses())
    course = _deep_copy(good.course)
    bib = good.bib
    sessions = course["sessions"]
    i = draw(st.integers(0, len(sessions) - 1))
    s = sessions[i]
    n = course.get("participants")
    has_pages = someone_holds_a_role(course)
    kinds = ["unknown key", "unknown session key", "wrong type", "bad date", "unknown paper", "control character",
             "bcc in email", "link to a missing paper page", "bad time", "unknown time zone",
             "deadline after the session", "http online", "unknown language", "bad role id" if course.get("roles") else None,
             "number out of range" if n else None, "presenter without count" if not n else None,
             "link to rotation without roles" if not has_pages else None, "bib entry without title",
             "line break in a name", "swap on a day without a session" if n and n >= 2 else None,
             "assign to an unknown role" if n and course.get("roles") else None,
             "withdrawn before joined" if n else None, "overlapping sessions", "one paper twice in a session",
             "moved from a day that is not the regular weekday"]
    kind = draw(st.sampled_from([k for k in kinds if k]))
    file, marker, nth = "course.yaml", MARK, 1
    if kind == "unknown key":
        course[f"colour_{MARK}"] = "blue"
    elif kind == "unknown session key":
        s[f"papr_{MARK}"] = "p0"
    elif kind == "wrong type":
        course["announcement_days"] = f"soon {MARK}"
    elif kind == "bad date":
        s["date"], marker = "2027-02-30", "2027-02-30"
    elif kind == "unknown paper":
        s.pop("paper", None)
        s["papers"] = [f"nosuch{MARK}"]
    elif kind == "control character":
        course["title"] = f"{course['title']} {MARK}\x07"
    elif kind == "line break in a name":
        s["room"] = f"Room {MARK}\nsecond line"
        marker = f"Room {MARK}"
    elif kind == "bcc in email":
        course["organizers"] = [{"name": "Anna", "email": f"anna@uni.example?bcc={MARK}@evil.example"}]
    elif kind == "link to a missing paper page":
        course["sections"][0]["body"] = f"Read [this](papers/nosuch{MARK}.md)."
    elif kind == "link to rotation without roles":
        course["sections"][0]["body"] = f"See the [rotation](rotation.md), {MARK}."
    elif kind == "bad time":
        s["start"], s["end"], marker = "25:61", "26:00", "25:61"
    elif kind == "unknown time zone":
        course["timezone"] = f"Europe/{MARK}"
    elif kind == "deadline after the session":
        s["deadlines"] = [{"date": s["date"] + dt.timedelta(days=2), "what": f"Late {MARK}"}]
        marker = str(s["date"] + dt.timedelta(days=2))
    elif kind == "http online":
        s["online"] = f"http://meet.example/{MARK}"
    elif kind == "unknown language":
        course["language"], marker = "xx", "language: xx"
    elif kind == "bad role id":
        course["roles"][0]["id"] = f"1{MARK}"
    elif kind == "number out of range":
        big = n + 4321
        course["withdrawn"] = {**course.get("withdrawn", {}), big: sessions[0]["date"]}
        course.get("joined", {}).pop(big, None)
        marker = f"{big}:"
    elif kind == "presenter without count":
        key = _read_keys(course)[0] if _read_keys(course) else "p0"
        s.pop("paper", None)
        s["papers"] = [{"key": key, "presenters": [4321]}]
        marker = "4321"
    elif kind == "swap on a day without a session":
        day = sessions[-1]["date"] + dt.timedelta(days=3)
        course["swaps"] = [*course.get("swaps", ()), {"session": day, "participants": [1, 2]}]
        marker = f"session: {day}"
    elif kind == "assign to an unknown role":
        s["assign"] = {f"no{MARK}": [1]}
        s.setdefault("title", "Workshop")
    elif kind == "withdrawn before joined":
        course.setdefault("joined", {})[1] = sessions[-1]["date"]
        course.setdefault("withdrawn", {})[1] = sessions[0]["date"] - dt.timedelta(days=1)
        marker = f"  1: {sessions[0]['date'] - dt.timedelta(days=1)}"  # not participant 11's line
    elif kind == "bib entry without title":
        key = draw(st.sampled_from(_read_keys(course) or ["p0"]))
        if key not in _read_keys(course):
            s.pop("paper", None)
            s["papers"] = [key]
        head = bib.index(f"{{{key},")
        start = bib.index("  title = ", head)
        bib = bib[:start] + bib[bib.index("\n", start) + 1:]
        file, marker = "papers.bib", f"{{{key},"
    elif kind == "overlapping sessions":
        # A block day with one session too many: the second of the two is refused, at its start time.
        extra = {"date": s["date"], "start": "00:01", "end": "23:58", "title": f"Extra {MARK}"}
        if "moved_from" in s:
            extra["moved_from"] = s["moved_from"]
        sessions.insert(i + 1, extra)
        marker = "00:01"
    elif kind == "one paper twice in a session":
        # A paper of its own, so that its two lines are the only ones with the marker; the second is refused.
        key = f"twice{MARK}"
        bib += f"\n@misc{{{key},\n  author = {{Ba, Jimmy}},\n  title = {{Listed twice}},\n  year = {{2001}},\n}}\n"
        s.pop("paper", None)
        s["papers"] = [key, key]
        marker, nth = key, 2
    elif kind == "moved from a day that is not the regular weekday":
        # Two days after its own date is never the regular weekday: neither for a session on it nor for one moved
        # by a day from it.
        regular = sessions[0].get("moved_from", sessions[0]["date"])
        course["meetings"]["weekday"] = WEEKDAYS[regular.weekday()]
        s["moved_from"] = s["date"] + dt.timedelta(days=2)
        marker = f"moved_from: {s['moved_from']}"
    return BadEdit(kind, Generated(course, bib), file, marker, nth)


def _deep_copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _deep_copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_deep_copy(v) for v in value]
    return value
