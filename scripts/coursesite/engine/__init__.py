"""The site: every generated file by its address (`site`), the MkDocs plugin (`plugin`), MkDocs run
in-process (`build`), notebook pages with their cache (`notebook_pages`), the guide's tables wrapped at
build time (`tables`), and the atomic swap of site/ (`publish`).

The only stage that imports MkDocs, Material or mkdocs-jupyter. May use every stage below it.
"""

import os

ENGINE_VARIABLE = "COURSESITE_ENGINE"
"""`properdocs` builds with ProperDocs, the maintained fork of MkDocs 1.6 (`make build ENGINE=properdocs`)."""

if os.environ.get(ENGINE_VARIABLE) == "properdocs":
    # From here on every `import mkdocs...`, ours and Material's and mkdocs-jupyter's, gets ProperDocs' module of
    # the same name; the plugins and the theme are found under MkDocs' entry points as before.
    import properdocs.replacement  # noqa: F401
