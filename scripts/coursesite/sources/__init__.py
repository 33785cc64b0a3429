"""Reading the organizers' files: YAML with the line of every value, BibTeX entries, e-mail and web
addresses, and the git stamp of the sources.

Owns: byte decoding, `yamlsource.Located` (values with lines), `bib.load_bib`, `addresses`, `stamp`.
May use: `model`, `errors`. Knows nothing of course rules, pages or MkDocs.
"""
