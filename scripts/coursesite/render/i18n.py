"""Labels and date formats for the generated pages, in English and German."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date, format_interval, format_skeleton, format_time

# Dates and times come from babel (CLDR's patterns for the locale); English pages read day-month-year.
LOCALES = {"en": "en_GB", "de": "de_DE"}
# Skeletons, not patterns: CLDR orders the parts and adds the punctuation each language uses.
SHORT_DATE = {"en": "dMMM", "de": "ddMM"}  # "31 Oct" / "31.10."

LABELS = {
    "en": {
        "paper_to_come": "Paper to be announced",
        "topic_col": "Topic", "cancelled": "Cancelled", "moved_from": "moved from {date}",
        "join_online": "Join online", "online": "Online", "due": "Due", "deadlines": "Deadlines",
        "every_other": "every other", "n_sessions": "{n} sessions", "one_session": "1 session",
        "step_role": "Read what the role does", "step_papers": "Read the first papers",
        "days_before": "{n} days before the session", "day_before": "the day before the session", "same_day": "on the session's day", "everyone": "everyone", "no_role": "No roles in this session.",
        "home": "Home", "info": "Course information", "schedule": "Schedule", "roles": "Roles",
        "guide": "Organizer guide", "stamp": "as of {date} ({version})", "made_with": "made with {link}",
        "dark_mode": "Switch to dark mode", "light_mode": "Switch to light mode",
        "rotation": "Role rotation", "papers": "Papers", "reading_list": "Reading list",
        "participant": "Participant", "participants": "Participants", "session": "Session",
        "sessions": "Sessions", "date": "Date", "day": "Day", "time": "Time", "room": "Room", "paper": "Paper",
        "no": "No.", "org_meeting": "Organizational meeting", "when_where": "When and where",
        "next_steps": "What to do next", "at_a_glance": "Schedule at a glance", "semester": "Semester",
        "audience": "Audience", "topic": "Focus topic", "organizers": "Organizers", "register": "Register",
        "duties": "Duties", "summary": "What the paper is about", "questions": "Guiding questions",
        "further_reading": "Further reading", "links": "Links", "citation": "Citation", "bibtex": "BibTeX",
        "authors": "Authors", "venue": "Published in", "year": "Year", "publisher": "Publisher",
        "download_bib": "Download all entries as BibTeX", "session_papers": "Papers of the sessions",
        "other_papers": "Other references", "role": "Role", "roles_in_session": "Who holds which role",
        "not_in_session": "This paper is not read in a session.", "pdf": "PDF", "code": "Code",
        "publisher_page": "Publisher's page", "arxiv": "arXiv", "doi": "DOI", "notebook": "Companion notebook", "notebook_view": "read it with its results",
        "notebook_download": "download the .ipynb file",
        "step_register": "Register", "step_meeting": "Come to the organizational meeting",
        "step_roles": "Read what the {count} roles do", "step_paper": "Read the first paper",
        "every": "every", "address": "Address", "held_by": "held by", "nobody": "nobody",
        "by_number": "The number of participants is not known yet, so each row stands for all numbers that hold the same roles, for example numbers {members}.",
        "open_personal": "Your personal schedule", "pick_number": "Pick your number",
        "your_schedule": "Schedule for participant {n}", "all_sessions": "All sessions",
        "transposed": "Roles per session", "rotation_rule": "Every participant moves one role further in each session.",
        "participant_n": "Participant {n}", "of": "of", "start": "Start", "end": "End",
        "ics": "Add to calendar", "handout": "Printable handout (PDF)",
        "in_brief": "The seminar in brief", "website": "Website", "page": "Page",
        "website_later": "The address of the course website will be announced.",
        "as_of": "As of {date} (version {version})",
        "ics_personal": "Add your sessions and roles to your calendar",
        "ics_subscribe": "To have changes reach your calendar, subscribe instead:",
        "ics_subscribe_hint": "Calendar apps can also subscribe to the address of this link, so that changes reach you.",
        "ics_paper_page": "Paper page", "ics_website": "Course website", "ics_your_role": "Your role",
        "status_next": "Next: {what} on {when}.", "status_today": "Today: {what}, {when}.",
        "status_now": "Now: {what}, {when}.", "status_ended": "The seminar has ended.",
        "your_next": "Your next session", "your_today": "Today", "your_now": "Now",
        "your_ended": "The seminar has ended. Your sessions are listed below.",
        "next_deadline": "Next deadline: {what}, {when}.", "mark_next": "next session", "mark_today": "today",
        "your_number": "Your number", "step_next_paper": "Read the paper for session {n}",
        "steps_done": "The seminar has ended; nothing left to do.", "paper_and_session": "Paper and session",
        "materials": "Materials", "announcements": "Announcements", "feed": "Follow them as a feed (Atom)",
        "contact": "Contact",
        "cancelled_short": "cancelled", "presenters": "Presenters", "talk": "Talk", "your_talk": "Your talk",
        "withdrawn_on": "Withdrew on {date}: no role or talk from then on.",
        "joined_on": "Joined on {date}: roles from then on.", "talks": "Talks",
        "rotation_place": "Sessions without a paper take no place in the rotation; a cancelled session keeps its place.",
        "grading": "Grading",
        # The organizer's private sheets (exports/sheets.py, attendance.py); never on the site.
        "present": "Present", "signature": "Signature", "name": "Name", "final_grade": "Final grade",
        "attendance": "Attendance", "mean_of": "{part}: mean", "grades": "Grades", "no_role_short": "–",
        "withdrawn_short": "withdrawn", "not_joined_short": "not yet joined", "weights": "Weights",
        "sheet_note": "Type grades and presence (1 or x) in the white cells of this sheet; the session sheets show them for each meeting.",
        "view_note": "A view of the Grades sheet for this meeting; type on the Grades sheet.",
    },
    "de": {
        "paper_to_come": "Artikel wird noch bekannt gegeben",
        "topic_col": "Thema", "cancelled": "Entfällt", "moved_from": "verlegt vom {date}",
        "join_online": "Online teilnehmen", "online": "Online", "due": "Fällig", "deadlines": "Fristen",
        "every_other": "jeden zweiten", "n_sessions": "{n} Sitzungen", "one_session": "1 Sitzung",
        "step_role": "Lesen, was die Rolle tut", "step_papers": "Die ersten Artikel lesen",
        "days_before": "{n} Tage vor der Sitzung", "day_before": "am Tag vor der Sitzung", "same_day": "am Tag der Sitzung", "everyone": "alle", "no_role": "In dieser Sitzung gibt es keine Rollen.",
        "home": "Start", "info": "Informationen zum Seminar", "schedule": "Termine", "roles": "Rollen",
        "guide": "Anleitung für die Organisation", "stamp": "Stand: {date} ({version})", "made_with": "erstellt mit {link}",
        "dark_mode": "Zum dunklen Modus wechseln", "light_mode": "Zum hellen Modus wechseln",
        "rotation": "Rollenverteilung", "papers": "Artikel", "reading_list": "Leseliste",
        "participant": "Teilnehmer:in", "participants": "Teilnehmende", "session": "Sitzung",
        "sessions": "Sitzungen", "date": "Datum", "day": "Tag", "time": "Zeit", "room": "Raum", "paper": "Artikel",
        "no": "Nr.", "org_meeting": "Vorbesprechung", "when_where": "Wann und wo",
        "next_steps": "Die nächsten Schritte", "at_a_glance": "Termine im Überblick", "semester": "Semester",
        "audience": "Zielgruppe", "topic": "Schwerpunkt", "organizers": "Organisation", "register": "Anmelden",
        "duties": "Aufgaben", "summary": "Worum es geht", "questions": "Leitfragen",
        "further_reading": "Weiterführende Literatur", "links": "Links", "citation": "Zitat", "bibtex": "BibTeX",
        "authors": "Autor:innen", "venue": "Erschienen in", "year": "Jahr", "publisher": "Verlag",
        "download_bib": "Alle Einträge als BibTeX herunterladen", "session_papers": "Artikel der Sitzungen",
        "other_papers": "Weitere Literatur", "role": "Rolle", "roles_in_session": "Wer welche Rolle hat",
        "not_in_session": "Dieser Artikel wird in keiner Sitzung besprochen.", "pdf": "PDF", "code": "Code",
        "publisher_page": "Seite des Verlags", "arxiv": "arXiv", "doi": "DOI", "notebook": "Begleitendes Notebook", "notebook_view": "mit Ergebnissen lesen",
        "notebook_download": ".ipynb-Datei herunterladen",
        "step_register": "Anmelden", "step_meeting": "Zur Vorbesprechung kommen",
        "step_roles": "Lesen, was die {count} Rollen tun", "step_paper": "Den ersten Artikel lesen",
        "every": "jeden", "address": "Adresse", "held_by": "übernommen von", "nobody": "niemandem",
        "by_number": "Die Zahl der Teilnehmenden steht noch nicht fest; jede Zeile gilt deshalb für alle Nummern mit denselben Rollen, zum Beispiel für die Nummern {members}.",
        "open_personal": "Dein persönlicher Plan", "pick_number": "Wähle deine Nummer",
        "your_schedule": "Plan für Teilnehmer:in {n}", "all_sessions": "Alle Sitzungen",
        "transposed": "Rollen je Sitzung", "rotation_rule": "In jeder Sitzung rückt jede Person eine Rolle weiter.",
        "participant_n": "Teilnehmer:in {n}", "of": "von", "start": "Beginn", "end": "Ende",
        "ics": "Zum Kalender hinzufügen", "handout": "Handzettel zum Ausdrucken (PDF)",
        "in_brief": "Das Seminar in Kürze", "website": "Webseite", "page": "Seite",
        "website_later": "Die Adresse der Webseite wird noch bekanntgegeben.",
        "as_of": "Stand: {date} (Version {version})",
        "ics_personal": "Deine Sitzungen und Rollen zum Kalender hinzufügen",
        "ics_subscribe": "Damit Änderungen in deinem Kalender ankommen, abonniere ihn stattdessen:",
        "ics_subscribe_hint": "Kalender-Apps können die Adresse dieses Links auch abonnieren; dann kommen Änderungen von selbst an.",
        "ics_paper_page": "Seite zum Artikel", "ics_website": "Website des Seminars", "ics_your_role": "Deine Rolle",
        "status_next": "Als Nächstes: {what} am {when}.", "status_today": "Heute: {what}, {when}.",
        "status_now": "Jetzt: {what}, {when}.", "status_ended": "Das Seminar ist beendet.",
        "your_next": "Deine nächste Sitzung", "your_today": "Heute", "your_now": "Jetzt",
        "your_ended": "Das Seminar ist beendet. Deine Sitzungen stehen unten.",
        "next_deadline": "Nächste Frist: {what}, {when}.", "mark_next": "nächste Sitzung", "mark_today": "heute",
        "your_number": "Deine Nummer", "step_next_paper": "Den Artikel für Sitzung {n} lesen",
        "steps_done": "Das Seminar ist beendet; es gibt nichts mehr zu tun.", "paper_and_session": "Artikel und Sitzung",
        "materials": "Materialien", "announcements": "Ankündigungen", "feed": "Als Feed abonnieren (Atom)",
        "contact": "Kontakt",
        "cancelled_short": "entfällt", "presenters": "Vortragende", "talk": "Vortrag", "your_talk": "Dein Vortrag",
        "withdrawn_on": "Ausgeschieden am {date}: ab dann keine Rolle und kein Vortrag.",
        "joined_on": "Dazugekommen am {date}: Rollen ab dann.", "talks": "Vorträge",
        "rotation_place": "Sitzungen ohne Artikel zählen in der Rotation nicht mit; eine ausfallende Sitzung behält ihren Platz.",
        "grading": "Bewertung",
        "present": "Anwesend", "signature": "Unterschrift", "name": "Name", "final_grade": "Endnote",
        "attendance": "Anwesenheit", "mean_of": "{part}: Mittel", "grades": "Noten", "no_role_short": "–",
        "withdrawn_short": "ausgeschieden", "not_joined_short": "noch nicht dabei", "weights": "Gewichte",
        "sheet_note": "Noten und Anwesenheit (1 oder x) in die weißen Zellen dieses Blatts eintragen; die Sitzungsblätter zeigen sie je Sitzung.",
        "view_note": "Eine Ansicht des Blatts Noten für diese Sitzung; eingetragen wird im Blatt Noten.",
    },
}


NUMBER_WORDS = {
    "en": ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"],
    "de": ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"],
}


class Labels:
    """Looks up labels for one language; `labels.schedule` or `labels("participant_n", n=3)`."""

    def __init__(self, language: str):
        self.language = language
        self.locale = LOCALES[language]
        self._table = LABELS[language]

    def __getattr__(self, name: str) -> str:
        try:
            return self._table[name]
        except KeyError:
            raise AttributeError(name) from None

    def __call__(self, name: str, **values: object) -> str:
        return self._table[name].format(**values)

    def day_name(self, day: dt.date) -> str:
        """Weekday, e.g. "Tuesday" / "Dienstag"."""
        return format_date(day, "EEEE", locale=self.locale)

    def long_date(self, day: dt.date) -> str:
        """Long date, e.g. "31 October 2023" / "31. Oktober 2023"."""
        return format_date(day, "long", locale=self.locale)

    def short_date(self, day: dt.date) -> str:
        """Short date for table headings, e.g. "31 Oct" / "31.10."."""
        return format_skeleton(SHORT_DATE[self.language], day, locale=self.locale)

    def count_word(self, n: int) -> str:
        """A small count as a word ("five"), larger ones as digits, as running text writes them."""
        words = NUMBER_WORDS[self.language]
        return words[n] if n < len(words) else str(n)

    def sessions_count(self, n: int) -> str:
        return self.one_session if n == 1 else self("n_sessions", n=n)

    def clock(self, time: dt.time) -> str:
        """One clock time, e.g. "23:59" / "23:59 Uhr" (a deadline)."""
        return format_time(time, "HH:mm", locale=self.locale) + (" Uhr" if self.language == "de" else "")

    def time_range(self, start: dt.time, end: dt.time) -> str:
        """Clock times, e.g. "18:00–19:30" / "18:00–19:30 Uhr" (the loader fills every end)."""
        return format_interval(start, end, "Hm", locale=self.locale)
