"""The site: every generated file by its address (`site`), the MkDocs plugin (`plugin`), MkDocs run
in-process (`build`), notebook pages with their cache (`notebook_pages`), and the atomic swap of
site/ (`publish`).

The only stage that imports MkDocs, Material or mkdocs-jupyter. May use every stage below it.
"""
