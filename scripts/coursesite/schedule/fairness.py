"""Whether a rotation is fair and complete: plain-language warnings, each pointing at a place in course.yaml.

The rule alone is fair in two ways: each session, every role is held by floor(N/R) or ceil(N/R)
participants; and every participant holds every role floor(S/R) or ceil(S/R) times (exactly once
when there are as many sessions as roles). Swaps, explicit assignments, cancellations and drop-outs
can break either, and the checks below say where: a number with no role or talk, a role held more
often than its share, a role nobody holds in a session, a presenter with more than their share of talks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import session_label
from ..model import Course, Session
from .rotation import Rotation


@dataclass(frozen=True)
class Finding:
    """One warning about the rotation, and the place in course.yaml it is about."""

    about: tuple
    """Path into course.yaml, e.g. ("swaps", 0) or ("sessions", 2)."""
    message: str
    fix: str = ""


def numbers(items: Iterable[int]) -> str:
    items = list(items)
    return ("participant " if len(items) == 1 else "participants ") + ", ".join(map(str, items))


def check(course: Course, rot: Rotation) -> list[Finding]:
    """Every warning about the rotation (empty when all is well)."""
    findings = _rule_counts(course, rot) if course.rotation == "rule" and course.roles else []
    findings += _cancelled(course, rot) + _sessions(course, rot) + _participants(course, rot) + _talks(course, rot)
    return findings


def _rule_counts(course: Course, rot: Rotation) -> list[Finding]:
    r, s, n = len(rot.roles), len(rot.places), len(rot.table)
    findings = []
    if s and s != r:
        what = "every participant holds some role more than once" if s > r else "no participant holds every role"
        findings.append(Finding(("sessions",), f"there are {s} sessions but {r} roles, so {what}",
                                fix="with as many sessions as roles, everyone holds each role exactly once"))
    if s and n < r:
        findings.append(Finding(("participants",), f"there are fewer participants ({n}) than roles ({r}), "
                                f"so {r - n} of the roles {'stays' if r - n == 1 else 'stay'} empty in each session"))
    return findings


def _cancelled(course: Course, rot: Rotation) -> list[Finding]:
    findings = []
    for number, lost in rot.lost.items():
        s = course.sessions[number - 1]
        by_role: dict[int, list[int]] = {}
        for p, i in lost:
            by_role.setdefault(i, []).append(p)
        talks = [(key, ps) for (n, key), ps in _planned_talks(s) if ps]
        parts = [f"{numbers(ps)} {'loses' if len(ps) == 1 else 'lose'} {rot.roles[i].name}" for i, ps in sorted(by_role.items())]
        parts += [f"{numbers(ps)} {'loses' if len(ps) == 1 else 'lose'} the talk on {key}" for key, ps in talks]
        if parts:
            findings.append(Finding(("sessions", s.index, "cancelled"), "the session is cancelled, so " + "; ".join(parts),
                                    fix="to give them the role in another session, add swaps there"))
    return findings


def _planned_talks(s: Session) -> list[tuple[tuple[int, str], tuple[int, ...]]]:
    return [((s.number, e.key), tuple(e.presenters)) for e in s.papers]


def _sessions(course: Course, rot: Rotation) -> list[Finding]:
    """A role nobody holds in a session, or a session whose roles are unbalanced."""
    r = len(rot.roles)
    findings: list[Finding] = []
    if not rot.table:
        return findings
    absent = rot.absences()[0]
    for number in rot.role_sessions:
        s = course.sessions[number - 1]
        if s.cancelled:
            continue
        holders = rot.holders(number)
        empty = [role.name for role, members in holders if not members]
        gone = absent.get(number, [])
        if empty and not (course.rotation == "rule" and not s.assign and len(rot.table) < r and not gone):
            about = ("withdrawn", gone[0]) if gone and not s.assign else ("sessions", s.index)
            why = f" ({numbers(gone)} {'takes' if len(gone) == 1 else 'take'} no part then)" if gone and not s.assign else ""
            findings.append(Finding(about, f"in {session_label(s.number, s.date)} nobody holds {' or '.join(empty)}{why}",
                                    fix=f"give the role to someone with a swap (swaps: - session: {s.date}) "
                                        f"or with `assign:` on the session"))
            continue
        if s.assign:
            continue
        n = len(rot.table) - len(gone)
        low, high = n // r, -(-n // r)
        sizes = [len(members) for _, members in holders]
        if min(sizes) < low or max(sizes) > high:
            detail = ", ".join(f"{role.name} {k}" for (role, _), k in zip(holders, sizes))
            findings.append(Finding(("sessions", s.index), f"the session is unbalanced ({detail}); each role should have "
                                    f"{low}" + (f" or {high}" if high != low else "") + " participants"))
    return findings


def _participants(course: Course, rot: Rotation) -> list[Finding]:
    """Per participant: no role or talk at all; a role more often (or, under the rule, less often) than its share."""
    r = len(rot.roles)
    held_sessions = [n for n in rot.role_sessions if not course.sessions[n - 1].cancelled]
    rule_sessions = [n for n in held_sessions if not course.sessions[n - 1].assign]
    names = [role.name for role in rot.roles]
    findings = []
    absent = rot.absences()[1]
    for p in rot.participants:
        row = rot.table[p - 1]
        missed = absent.get(p, set())
        if len(missed) == rot.n_sessions:  # in no session at all
            continue
        talks = rot.talks(p)
        held = [row[n - 1] for n in held_sessions if row[n - 1] is not None]
        if not held and not talks and (held_sessions or rot.presenters):
            findings.append(Finding(("participants",), f"participant {p} holds no role and gives no talk",
                                    fix="assign them a role (`assign:`) or a talk (`presenters:`), or lower `participants:`"))
            continue
        if not r:
            continue
        counts = Counter(held)
        most = -(-len(held) // r)
        over = {i: counts[i] for i in range(r) if counts[i] > max(most, 1)}
        mine = [n for n in rule_sessions if n not in missed]
        fewest = len(mine) // r if course.rotation == "rule" else 0
        rule_counts = Counter(row[n - 1] for n in mine)
        under = {i: rule_counts[i] for i in range(r) if rule_counts[i] < fewest}
        if over or under:
            findings.append(Finding(_swap_of(rot, p), _unfair(p, names, over, under)))
    return findings


def _talks(course: Course, rot: Rotation) -> list[Finding]:
    """A presenter with more talks than their share (total talks over participants, rounded up)."""
    if not rot.presenters or not rot.table:
        return []
    total = sum(len(ps) for ps in rot.presenters.values())
    share = max(1, -(-total // len(rot.table)))
    findings = []
    for p in rot.participants:
        talks = rot.talks(p)
        if len(talks) > share:
            second = course.sessions[talks[1][0] - 1]
            where = [f"{key} in " + ("this session" if n == second.number else
                                     session_label(n, course.sessions[n - 1].date)) for n, key in talks]
            findings.append(Finding(("sessions", second.index, "papers"),
                                    f"participant {p} gives {len(talks)} talks, {_and(where)}, more than the "
                                    f"{share} that {total} talks for {len(rot.table)} participants give each",
                                    fix="give one of the talks to a participant without one (`presenters:`)"))
    return findings


def _swap_of(rot: Rotation, participant: int) -> tuple:
    # The rule alone is fair to everyone, so an unfair row comes from a swap: point at the first one.
    for i, swap in enumerate(rot.swaps):
        if participant in swap.participants:
            return ("swaps", i)
    return ("participants",)


def _unfair(p: int, names: list[str], over: dict[int, int], under: dict[int, int]) -> str:
    """E.g. "participant 3 plays Hacker twice and never Archaeologist"."""
    parts = []
    if over:
        by_count: dict[int, list[str]] = {}
        for i, count in over.items():
            by_count.setdefault(count, []).append(names[i])
        parts.append("plays " + " and ".join(f"{' and '.join(group)} {_times(k)}" for k, group in by_count.items()))
    never = [names[i] for i, count in under.items() if count == 0]
    if never:
        parts.append(("never " if parts else "never plays ") + " or ".join(never))
    few = [f"{names[i]} only {_times(count)}" for i, count in under.items() if count > 0]
    if few:
        parts.append(("" if parts else "plays ") + " and ".join(few))
    return f"participant {p} " + " and ".join(parts)


def _and(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _times(k: int) -> str:
    return {1: "once", 2: "twice"}.get(k, f"{k} times")
