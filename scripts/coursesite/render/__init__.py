"""Text for readers: the Markdown pages (Jinja2 templates in ../templates), labels and dates in the
course's language, escaping and the allow-list sanitizer, citations, session times and rows.

Owns: `pages.render_pages`, `i18n`, `escape`, `sanitize`, `citation`, `timetable`, `sessionview`.
May use: `course`, `schedule`, `sources`, `model`, `errors`. Writes no files and knows no MkDocs.
"""
