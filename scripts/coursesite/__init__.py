"""Course-website generator for paper-reading seminars.

Data flows one way: course.yaml + papers.bib -> `load.load` (validated, frozen
`model.Course`) -> `pages.render_pages` (Markdown) and the exports. The MkDocs
hook (`scripts/hook.py`) only glues these into a site.
"""
