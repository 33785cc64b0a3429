"""Who holds which role in which session, and whether the rotation is fair.

The rule: with roles in course.yaml order, sessions in date order and
participants numbered 1..N, participant p holds role ((p-1) + (s-1)) mod R in
session s. Swaps then exchange two participants' roles in one session.
"""

from __future__ import annotations

from collections import Counter
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


def build(n_participants: int, n_roles_or_roles, n_sessions: int, swaps: tuple[Swap, ...] = ()) -> Rotation:
    roles = tuple(n_roles_or_roles) if not isinstance(n_roles_or_roles, int) else tuple(range(n_roles_or_roles))
    r = len(roles)
    table = [[role_index(p, s, r) for s in range(1, n_sessions + 1)] for p in range(1, n_participants + 1)]
    for swap in swaps:
        a, b = swap.participants
        col = swap.session - 1
        table[a - 1][col], table[b - 1][col] = table[b - 1][col], table[a - 1][col]
    return Rotation(roles, n_sessions, tuple(tuple(row) for row in table))


def for_course(course: Course) -> Rotation | None:
    """The course's rotation, or None when the participant count is not known yet."""
    if course.participants is None:
        return None
    return build(course.participants, course.roles, len(course.sessions), course.swaps)


def check(rotation: Rotation, names: list[str] | None = None) -> list[str]:
    """Plain-language warnings about an unfair or incomplete rotation (empty when all is well)."""
    roles = names or [getattr(r, "name", str(r)) for r in rotation.roles]
    r, s, n = len(roles), rotation.n_sessions, len(rotation.table)
    warnings = []
    if s != r:
        what = "some roles come up twice for a participant" if s > r else "no participant gets to fill every role"
        warnings.append(f"there are {s} sessions but {r} roles, so {what}; with as many sessions as roles everyone fills each role exactly once")
    if 0 < n < r:
        warnings.append(f"there are fewer participants ({n}) than roles ({r}), so some roles stay empty in some sessions")
    held = Counter(idx for row in rotation.table for idx in row)
    for i, name in enumerate(roles):
        if held[i] == 0 and n:
            warnings.append(f"no participant ever holds the role '{name}'")
    low, high = n // r, -(-n // r)
    for session in range(1, s + 1):
        counts = Counter(row[session - 1] for row in rotation.table)
        sizes = [counts[i] for i in range(r)]
        if n >= r and (min(sizes) < low or max(sizes) > high):
            detail = ", ".join(f"{roles[i]} {sizes[i]}" for i in range(r))
            warnings.append(f"session {session} is unbalanced ({detail}); each role should have {low}"
                            + (f" or {high}" if high != low else "") + " participants")
    if s == r:
        for p, row in enumerate(rotation.table, 1):
            counts = Counter(row)
            twice = [roles[i] for i, c in counts.items() if c > 1]
            never = [roles[i] for i in range(r) if counts[i] == 0]
            if twice or never:
                warnings.append(f"participant {p} plays {' and '.join(twice)} twice and never {' or '.join(never)}")
    return warnings
