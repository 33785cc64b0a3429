"""Synthetic courses of any size, for the benchmark (valid input, realistic shape)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

ROLES = [
    ("reviewer", "Scientific Peer Reviewer"), ("archaeologist", "Archaeologist"), ("researcher", "Academic Researcher"),
    ("investigator", "Private Investigator"), ("hacker", "Hacker"),
]


def course_yaml(sessions: int, participants: int) -> str:
    start = dt.date(2030, 1, 1)  # a Tuesday
    data = {
        "title": f"Synthetic seminar ({sessions} sessions)", "semester": "Benchmark term", "institution": "Test University",
        "language": "en", "timezone": "Europe/Berlin",
        "summary": "A generated course used to measure how the build scales.",
        "sections": [{"title": "Format", "body": "Each participant holds a role in each session."}],
        "registration": {"text": "No registration."},
        "organizational_meeting": {"date": (start - dt.timedelta(days=1)).isoformat(), "start": "18:00", "room": "Room 1"},
        "meetings": {"start": "18:00", "end": "19:30", "room": "Room 2", "weekday": "Tuesday"},
        "roles": [{"id": rid, "name": name, "summary": f"The {name}.", "duties": [f"Prepare the {name}'s part.", "Present it."]}
                  for rid, name in ROLES],
        "participants": participants,
        "sessions": [{"date": (start + dt.timedelta(weeks=i)).isoformat(), "paper": f"paper{i + 1}",
                      "summary": f"Paper {i + 1} in a few words.", "questions": ["What is claimed?", "Is it shown?"]}
                     for i in range(sessions)],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def papers_bib(sessions: int) -> str:
    return "\n".join(
        f"@article{{paper{i + 1},\n  author = {{Doe, Jane and Roe, Richard}},\n  title = {{Paper Number {i + 1}}},\n"
        f"  journal = {{Journal of Benchmarks}},\n  volume = {{{i % 40 + 1}}},\n  pages = {{1--10}},\n  year = {{2020}},\n"
        f"  doi = {{10.1000/bench.{i + 1}}},\n}}\n" for i in range(sessions))


def write(folder: Path, sessions: int, participants: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "course.yaml").write_text(course_yaml(sessions, participants), encoding="utf-8")
    (folder / "papers.bib").write_text(papers_bib(sessions), encoding="utf-8")
    return folder


CORPUS = Path(__file__).resolve().parent.parent / "tests" / "bibcorpus"


def library_bib(entries: int) -> tuple[str, list[str]]:
    """A library of about `entries` entries as the tools export them: copies of tests/bibcorpus/, each copy's keys
    (and the crossref, xdata and entryset that name them) with a suffix. Also the keys of the entries that hold a paper."""
    files = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.bib"))]
    parts: list[str] = []
    papers: list[str] = []
    copy = 0
    while len(papers) < entries:
        for text in files:
            keys = re.findall(r"@(\w+)\s*\{\s*([^,\s]+)\s*,", text)

            def renamed(m: re.Match, copy: int = copy) -> str:
                return m[1] + ",".join(f"{k.strip()}-{copy}" for k in m[2].split(",")) + m[3]
            text = re.sub(r"(@\w+\s*\{\s*)([^,\s]+)(\s*,)", renamed, text)
            text = re.sub(r"(\b(?:crossref|xdata|entryset)\s*=\s*\{)([^}]*)(\})", renamed, text, flags=re.I)
            parts.append(text)
            papers += [f"{k}-{copy}" for kind, k in keys if kind.lower() not in ("set", "xdata", "comment", "string")]
        copy += 1
    return "\n".join(parts), papers
