"""Who holds which role, and who gives which talk, in which session.

The rule: with roles in course.yaml order and participants numbered 1..N, participant p holds role
((p-1) + (k-1)) mod R in the session at place k of the rotation. A session's place is fixed by its
original date (`moved_from` if set, else `date`) among the sessions that rotate: those with a paper
and without `rotation: false`. So inserting or deleting a session that does not rotate, cancelling
one (it keeps its place, its roles are lost) or moving one changes nobody's role in any other session,
whereas a rule over list positions would shift every later role for everyone.

On top of the rule, in this order: `assign` on a session replaces the rule there; swaps exchange two
participants' roles in one session; `withdrawn` and `joined` empty a participant's sessions outside
their time; a cancelled session holds nothing. Presenters of a paper (`papers: [{key, presenters}]`)
are given explicitly, in every mode. Fairness warnings live in `fairness.py`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from ..model import Course, Role, Session, Swap


def role_index(participant: int, place: int, n_roles: int) -> int:
    """Index into the role list for a 1-based participant number and place in the rotation."""
    return ((participant - 1) + (place - 1)) % n_roles


def original_date(session: Session) -> dt.date:
    return session.moved_from or session.date


def rotates(course: Course, session: Session) -> bool:
    """Whether the session takes a place in the rule (cancelled ones keep theirs)."""
    return bool(course.roles) and bool(session.papers or session.paper_to_come) and session.rotation


def places(course: Course) -> dict[int, int]:
    """Session number -> 1-based place in the rotation, for the sessions that rotate."""
    rotating = [s for s in course.sessions if rotates(course, s)]
    # The start time orders several sessions on one day (block seminars), the number breaks ties.
    rotating.sort(key=lambda s: (original_date(s), s.start or dt.time(0), s.number))
    return {s.number: k for k, s in enumerate(rotating, 1)}


def session_of(course: Course, swap: Swap) -> Session | None:
    """The session a swap names, by number or by date (its own date, else the date it moved from)."""
    if isinstance(swap.session, dt.date):
        for attr in ("date", "moved_from"):
            found = [s for s in course.sessions if getattr(s, attr) == swap.session]
            if found:
                return found[0] if len(found) == 1 else None
        return None
    return course.sessions[swap.session - 1] if 1 <= swap.session <= len(course.sessions) else None


def active(course: Course, participant: int, session: Session) -> bool:
    """Whether the participant takes part in the session (after joining, before withdrawing)."""
    left, came = course.withdrawn.get(participant), course.joined.get(participant)
    return (left is None or session.date < left) and (came is None or session.date >= came)


@dataclass(frozen=True)
class Rotation:
    """The role of every participant in every session, and the presenters of every paper."""

    roles: tuple[Role, ...]
    table: tuple[tuple[int | None, ...], ...]
    """table[p-1][number-1]: index of participant p's role in session `number`, None for no role."""
    role_sessions: tuple[int, ...]
    """Numbers of the sessions with roles (rule or `assign`), cancelled ones included, in date order."""
    places: dict[int, int]
    """Session number -> place in the rule, for the sessions that rotate."""
    presenters: dict[tuple[int, str], tuple[int, ...]]
    """(session number, paper key) -> presenters who take part then, for papers that name presenters."""
    lost: dict[int, tuple[tuple[int, int], ...]]
    """Cancelled session number -> (participant, role index) of each role it would have had."""
    inactive: frozenset[tuple[int, int]] = frozenset()
    """(participant, session number) pairs outside a participant's time (withdrawn, not joined yet)."""
    swaps: tuple[Swap, ...] = ()

    @property
    def participants(self) -> range:
        return range(1, len(self.table) + 1)

    @property
    def n_sessions(self) -> int:
        return len(self.table[0]) if self.table else 0

    def role(self, participant: int, session: int) -> Role | None:
        i = self.table[participant - 1][session - 1]
        return None if i is None else self.roles[i]

    def holders(self, session: int) -> list[tuple[Role, list[int]]]:
        """Each role with the participant numbers that hold it in a session, in role order."""
        by_role: list[list[int]] = [[] for _ in self.roles]
        for p, i in enumerate([row[session - 1] for row in self.table], 1):
            if i is not None:
                by_role[i].append(p)
        return list(zip(self.roles, by_role))

    def talks(self, participant: int) -> list[tuple[int, str]]:
        """(session number, paper key) of each talk the participant gives, in session order."""
        return sorted(where for where, numbers in self.presenters.items() if participant in numbers)

    @property
    def session_numbers(self) -> tuple[int, ...]:
        return self.role_sessions

    def has(self, session: int) -> bool:
        """Whether participants hold roles in this session (a cancelled one has none)."""
        return session in self.role_sessions and session not in self.lost

    def takes_part(self, participant: int, session: int) -> bool:
        return (participant, session) not in self.inactive

    def absences(self) -> tuple[dict[int, list[int]], dict[int, set[int]]]:
        """Who misses which session, both ways: session number -> participants (ascending), and
        participant -> session numbers; for checks over every participant and session of a large course."""
        by_session: dict[int, list[int]] = {}
        by_participant: dict[int, set[int]] = {}
        for p, number in sorted(self.inactive):
            by_session.setdefault(number, []).append(p)
            by_participant.setdefault(p, set()).add(number)
        for numbers in by_session.values():
            numbers.sort()
        return by_session, by_participant


def build(course: Course, participants: int) -> Rotation:
    """The rotation for numbers 1..participants; swaps and assignments name valid sessions (load checks)."""
    n_roles = len(course.roles)
    role_ids = {role.id: i for i, role in enumerate(course.roles)}
    at = places(course) if course.rotation == "rule" else {}
    table: list[list[int | None]] = [[None] * len(course.sessions) for _ in range(participants)]
    role_sessions = []
    for s in course.sessions:
        col = s.number - 1
        if s.assign:
            for role_id, numbers in s.assign.items():
                for p in numbers:
                    if 1 <= p <= participants:
                        table[p - 1][col] = role_ids[role_id]
        elif s.number in at:
            place = at[s.number]
            for p, row in enumerate(table, 1):
                row[col] = role_index(p, place, n_roles)
        else:
            continue
        role_sessions.append(s.number)
    swaps = tuple(course.swaps)
    for swap in swaps:
        named = session_of(course, swap)
        a, b = swap.participants
        if named is not None and max(a, b) <= participants:
            col = named.number - 1
            table[a - 1][col], table[b - 1][col] = table[b - 1][col], table[a - 1][col]
    # Only those who join late or withdraw miss sessions; everyone else takes part throughout.
    changing = sorted(p for p in {*course.withdrawn, *course.joined} if 1 <= p <= participants)
    inactive = frozenset((p, s.number) for s in course.sessions for p in changing if not active(course, p, s))
    for p, number in inactive:
        table[p - 1][number - 1] = None
    lost = {}
    for s in course.sessions:
        if s.cancelled and s.number in role_sessions:
            col = s.number - 1
            lost[s.number] = tuple((p, i) for p, i in ((p, table[p - 1][col]) for p in range(1, participants + 1))
                                   if i is not None)
            for p in range(1, participants + 1):
                table[p - 1][col] = None
    presenters = {}
    for s in course.sessions:
        for entry in s.papers:
            if entry.presenters:
                presenters[s.number, entry.key] = tuple(
                    p for p in entry.presenters if not s.cancelled and (p, s.number) not in inactive)
    return Rotation(tuple(course.roles), tuple(tuple(row) for row in table), tuple(role_sessions), at,
                    presenters, lost, inactive, swaps)


def for_course(course: Course) -> Rotation | None:
    """The course's rotation, or None when the participant count is not known yet."""
    if course.participants is None:
        return None
    return build(course, course.participants)


def by_number_class(course: Course) -> Rotation:
    """Rows 1..R stand for the numbers k, k+R, k+2R, ...: all of them hold the same roles (before swaps)."""
    plain = dataclasses.replace(course, swaps=(), withdrawn={}, joined={})
    return build(plain, len(course.roles))
