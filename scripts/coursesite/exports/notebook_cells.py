"""A run notebook as the converter may see it: only what is published, pictures as files of their own.

nbconvert shows each output in its richest form and trusts what a notebook says about itself (cell
tags and ids end up in attributes, output metadata names image files, widget state becomes
script). So before conversion the notebook is rebuilt from what may be published:

- raw cells are left out (nbconvert would copy them into the page as HTML);
- each output keeps its static forms only (`course.notebooks.static_outputs`), with a note after
  it where an interactive form was left out;
- metadata is dropped, except each picture's size; cell ids become plain numbers;
- output pictures (PNG, JPEG) become files next to the page, so the page stays light and the
  browser loads them lazily; each gets its width and height, so nothing moves while they load. SVG
  stays a data: address in <img>: as a file of the site, opened on its own, it could run script.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import re
from dataclasses import dataclass
from typing import Any

from ..course import notebooks, paths
from ..render.i18n import N_, Labels

STATIC_NOTE = N_("Interactive in Jupyter; shown here in its static form, as this site runs no JavaScript.")
_FILE_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/svg+xml": "svg"}
_SVG_LENGTH = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "in": 96.0, "cm": 96 / 2.54, "mm": 96 / 25.4, "": 1.0}


@dataclass(frozen=True)
class Prepared:
    notebook: dict[str, Any]
    """The notebook for the converter (nbformat 4 JSON)."""
    files: dict[str, bytes]
    """Output pictures by their path on the site (`paths.notebook_output`)."""


def picture_size(data: bytes, kind: str) -> tuple[int, int] | None:
    """(width, height) in CSS pixels of a picture, or None when it does not say."""
    if kind == "svg":
        head = data[:4096].decode("utf-8", "replace")
        tag = re.search(r"<svg\b[^>]*>", head)
        if not tag:
            return None
        sizes = [re.search(rf'\s{name}="\s*([0-9.]+)\s*([a-z]*)"', tag.group()) for name in ("width", "height")]
        if all(m and m.group(2) in _SVG_LENGTH for m in sizes):
            return tuple(round(float(m.group(1)) * _SVG_LENGTH[m.group(2)]) for m in sizes if m)  # type: ignore[return-value]
        box = re.search(r'viewBox="\s*[-0-9.]+[\s,]+[-0-9.]+[\s,]+([0-9.]+)[\s,]+([0-9.]+)', tag.group())
        return (round(float(box.group(1))), round(float(box.group(2)))) if box else None
    from PIL import Image  # imported only when a notebook has pictures

    try:
        with Image.open(io.BytesIO(data)) as picture:
            return picture.size
    except Exception:  # not a picture Pillow knows: the browser decides
        return None


def _note(text: str) -> dict[str, Any]:
    return {"output_type": "display_data", "metadata": {},
            "data": {"text/html": f'<p class="cs-nb-note">{html.escape(text)}</p>'}}


def _size(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and 0 < value < 100_000 else None


def _output(output: dict[str, Any], notebook: str, files: dict[str, bytes]) -> dict[str, Any]:
    kind = output.get("output_type")
    if kind == "stream":
        return {"output_type": "stream", "name": "stderr" if output.get("name") == "stderr" else "stdout",
                "text": notebooks.text(output.get("text"))}
    if kind == "error":
        return {"output_type": "error", "ename": str(output.get("ename", "")), "evalue": str(output.get("evalue", "")),
                "traceback": [str(line) for line in output.get("traceback") or () if isinstance(line, str)]}
    data = {mime: notebooks.text(value) for mime, value in (output.get("data") or {}).items()}
    meta_in: dict[str, Any] = output["metadata"] if isinstance(output.get("metadata"), dict) else {}
    metadata: dict[str, Any] = {}
    out: dict[str, Any] = {"output_type": kind, "data": data, "metadata": metadata}
    if kind == "execute_result":
        out["execution_count"] = None
    picture = next((mime for mime in notebooks.STATIC if mime in data), None)  # the one nbconvert will show
    if picture in _FILE_TYPES:
        ext = _FILE_TYPES[picture]
        try:
            content = data[picture].encode() if ext == "svg" else base64.b64decode(data[picture], validate=False)
        except ValueError:
            return {**out, "data": {"text/plain": data.get("text/plain", "")}}
        name = f"output-{hashlib.sha256(content).hexdigest()[:16]}.{ext}"
        target = paths.notebook_output(notebook, name)
        if ext != "svg":
            files[target] = content
        given: dict[str, Any] = meta_in[picture] if isinstance(meta_in.get(picture), dict) else {}
        width, height = _size(given.get("width")), _size(given.get("height"))
        if width is None or height is None:
            size = picture_size(content, ext)
            if size and width is not None:
                height = round(width * size[1] / size[0]) if size[0] else None
            elif size:
                width, height = size
        relative = paths.relative(target, notebook)
        metadata[picture] = {key: value for key, value in (("width", width), ("height", height)) if value}
        if ext == "svg":
            # A data: address in <img>, where an SVG runs nothing and loads nothing. Not a file: opened on
            # its own, an SVG file on the site would run its script with the site's origin.
            attributes = "".join(f' {key}="{value}"' for key, value in metadata[picture].items())
            data_url = "data:image/svg+xml;base64," + base64.b64encode(content).decode()
            out["data"] = {"text/html": f'<img src="{data_url}"{attributes} alt="">'}
            del metadata[picture]
        else:
            metadata["filenames"] = {picture: relative}
    return out


def prepare(notebook: dict[str, Any], src: str, labels: Labels) -> Prepared:
    """The notebook `src` (its path relative to the course folder, run already) as it may be published."""
    files: dict[str, bytes] = {}
    cells = []
    for n, cell in enumerate(notebook.get("cells") or (), start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("markdown", "code"):
            continue
        clean: dict[str, Any] = {"cell_type": cell["cell_type"], "id": f"c{n}", "metadata": {},
                                 "source": notebooks.text(cell.get("source"))}
        if cell["cell_type"] == "markdown":
            attachments = cell.get("attachments")
            if isinstance(attachments, dict):
                # data: addresses of pictures only; the allow-list keeps no other
                clean["attachments"] = {str(name): {mime: notebooks.text(value) for mime, value in bundle.items()
                                                    if mime in _FILE_TYPES and mime != "image/svg+xml"}
                                        for name, bundle in attachments.items() if isinstance(bundle, dict)}
        else:
            clean["execution_count"] = None
            clean["outputs"] = []
            for output, left_out in notebooks.static_outputs(cell.get("outputs")):
                clean["outputs"].append(_output(output, src, files))
                if left_out:
                    clean["outputs"].append(_note(labels._(STATIC_NOTE)))
        cells.append(clean)
    kernel = (notebook.get("metadata") or {}).get("kernelspec")
    language = kernel.get("language") if isinstance(kernel, dict) else None
    language = language if isinstance(language, str) else "python"
    meta = {"kernelspec": {"name": "python3", "display_name": "", "language": re.sub(r"[^a-z0-9+#-]", "", language.lower())}}
    return Prepared({"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5}, files)
