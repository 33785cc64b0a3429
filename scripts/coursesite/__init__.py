"""Course-website generator for paper-reading seminars.

Data flows one way: course.yaml + papers.bib -> `load.load` (validated, frozen `model.Course`) ->
`pages.render_pages` (Markdown) and the exports (`ics`, `pdf`) -> `site` (every generated file, by
its path from `paths`) -> the MkDocs plugin (`plugin`) or `coursesite render`.
"""
