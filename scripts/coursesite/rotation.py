"""Who holds which role in which session, and whether the rotation is fair.

The rule: with roles in course.yaml order, sessions in date order and
participants numbered 1..N, participant p holds role ((p-1) + (s-1)) mod R in
session s. Swaps then exchange two participants' roles in one session.

The rule is fair in two ways, and `check` reports where a rotation is not:
each session, every role is held by floor(N/R) or ceil(N/R) participants; and
every participant holds every role floor(S/R) or ceil(S/R) times (exactly once
when there are as many sessions as roles). A swap never changes how many hold
each role in a session, but it can break the second kind of fairness.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .model import Course, Role, Swap


def role_index(participant: int, session: int, n_roles: int) -> int:
    """Index into the role list for a 1-based participant and session number."""
    return ((participant - 1) + (session - 1)) % n_roles


@dataclass(frozen=True)
class Rotation:
    """The role of every participant in every session (after swaps)."""

    roles: tuple[Role, ...]
    n_sessions: int
    table: tuple[tuple[int, ...], ...]
    """table[p-1][s-1] is the index of participant p's role in session s."""
    swaps: tuple[Swap, ...] = ()

    @property
    def participants(self) -> range:
        return range(1, len(self.table) + 1)

    def role(self, participant: int, session: int) -> Role:
        return self.roles[self.table[participant - 1][session - 1]]

    def holders(self, session: int) -> list[tuple[Role, list[int]]]:
        """Each role with the participant numbers that hold it in a session, in role order."""
        by_role: list[list[int]] = [[] for _ in self.roles]
        for p, row in enumerate(self.table, 1):
            by_role[row[session - 1]].append(p)
        return list(zip(self.roles, by_role))


def build(n_participants: int, roles: Sequence[Role], n_sessions: int, swaps: Sequence[Swap] = ()) -> Rotation:
    """The rule, then the swaps in order; swaps must name existing sessions and participants (load checks)."""
    roles = tuple(roles)
    table = [[role_index(p, s, len(roles)) for s in range(1, n_sessions + 1)] for p in range(1, n_participants + 1)]
    for swap in swaps:
        a, b = swap.participants
        col = swap.session - 1
        table[a - 1][col], table[b - 1][col] = table[b - 1][col], table[a - 1][col]
    return Rotation(roles, n_sessions, tuple(tuple(row) for row in table), tuple(swaps))


def for_course(course: Course) -> Rotation | None:
    """The course's rotation, or None when the participant count is not known yet."""
    if course.participants is None:
        return None
    return build(course.participants, course.roles, len(course.sessions), course.swaps)


def by_number_class(course: Course) -> Rotation:
    """Rows 1..R stand for the numbers k, k+R, k+2R, ...: all of them hold the same roles (before swaps)."""
    return build(len(course.roles), course.roles, len(course.sessions))


@dataclass(frozen=True)
class Finding:
    """One warning about the rotation, and the place in course.yaml it is about."""

    about: tuple
    """Path into course.yaml, e.g. ("swaps", 0) or ("sessions",)."""
    message: str
    fix: str = ""


def check(rotation: Rotation) -> list[Finding]:
    """Plain-language warnings about an unfair or incomplete rotation (empty when all is well)."""
    names = [role.name for role in rotation.roles]
    r, s, n = len(names), rotation.n_sessions, len(rotation.table)
    findings = []
    if s != r:
        what = "every participant holds some role more than once" if s > r else "no participant holds every role"
        findings.append(Finding(("sessions",), f"there are {s} sessions but {r} roles, so {what}",
                                fix="with as many sessions as roles, everyone holds each role exactly once"))
    if n < r:
        findings.append(Finding(("participants",), f"there are fewer participants ({n}) than roles ({r}), "
                                f"so {r - n} of the roles {'stays' if r - n == 1 else 'stay'} empty in each session"))
    held = {i for row in rotation.table for i in row}
    for i, name in enumerate(names):
        if i not in held:
            findings.append(Finding(("roles", i), f"no participant ever holds the role {name}",
                                    fix="add participants or sessions, or remove the role"))
    low, high = n // r, -(-n // r)
    for session in range(1, s + 1):
        counts = Counter(row[session - 1] for row in rotation.table)
        sizes = [counts[i] for i in range(r)]
        if min(sizes) < low or max(sizes) > high:
            detail = ", ".join(f"{names[i]} {sizes[i]}" for i in range(r))
            findings.append(Finding(("sessions",), f"session {session} is unbalanced ({detail}); each role should have "
                                    f"{low}" + (f" or {high}" if high != low else "") + " participants"))
    fewest, most = s // r, -(-s // r)
    for p, row in enumerate(rotation.table, 1):
        counts = Counter(row)
        over = {i: counts[i] for i in range(r) if counts[i] > most}
        under = {i: counts[i] for i in range(r) if counts[i] < fewest}
        if over or under:
            findings.append(Finding(_swap_of(rotation, p), _unfair(p, names, over, under)))
    return findings


def _swap_of(rotation: Rotation, participant: int) -> tuple:
    # The rule alone is fair to everyone, so an unfair row comes from a swap: point at the first one.
    for i, swap in enumerate(rotation.swaps):
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


def _times(k: int) -> str:
    return {1: "once", 2: "twice"}.get(k, f"{k} times")
