"""Files besides pages: iCalendar feeds (`ics`), the printable handout (`pdf`, Typst), the
announcements feed (`news`, Atom) and the self-contained notebook HTML (`notebook_html`).

May use: `render`, `course`, `schedule`, `sources`, `model`, `errors`. Returns bytes; writes nothing.
"""
