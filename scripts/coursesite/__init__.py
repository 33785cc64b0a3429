"""Course-website generator for paper-reading seminars.

The subpackages are the stages of the pipeline, each importing only from the stages below it
(import-linter checks this, `make lint`):

    cli         the command line: check, build, serve, render, new, schema
    engine      the site: every generated file, the MkDocs plugin, the in-process build, publishing
    exports     files besides pages: calendars, the handout, the announcements feed, notebook HTML
    render      text for readers: pages from templates, labels and dates, escaping, sanitizing, citations
    course      course.yaml + papers.bib -> one checked, frozen `model.Course`; where each output lives
    schedule    who holds which role or talk in which session, and whether that is fair
    sources     reading files: YAML with line numbers, BibTeX, addresses, the git stamp
    model, errors   the frozen records every stage speaks, and the problems every stage reports

The rotation (`schedule`) sits below loading (`course`) because the loader's cross-checks (swaps,
assignments, fairness) need it, while it needs nothing but the model.
"""
