"""A companion notebook's `result` dict, read from a run of it: a cell appended to a copy prints it as JSON.

test_notebooks asserts on these results. The run is either the one the shared notebook cache's warm-up made with
the product's own runner (conftest.warm_notebook_cache), when this test run made one, or the test's own.
"""

from __future__ import annotations

import json
from typing import Any

MARKER = "NOTEBOOK_RESULT_JSON="
CELL_ID = "coursesite-tests-report"
REPORT = f"""\
import json as _json, sys as _sys
print({MARKER!r} + _json.dumps({{"result": result, "executable": _sys.executable}},
      default=lambda o: o.tolist() if hasattr(o, "tolist") else str(o)))
"""


def with_report(text: str) -> str:
    """The notebook (its .ipynb text) with the report cell appended, after every cell of its own."""
    nb = json.loads(text)
    nb["cells"].append({"cell_type": "code", "execution_count": None, "id": CELL_ID, "metadata": {}, "outputs": [],
                        "source": REPORT})
    return json.dumps(nb)


def read_report(cell: Any) -> dict[str, Any]:
    """{"result": ..., "executable": ...} from the run report cell (a dict or an nbformat NotebookNode)."""
    assert cell["id"] == CELL_ID, cell["id"]
    # A run notebook as JSON (the product's runner returns it so) keeps multi-line text as a list of lines.
    text = "".join("".join(o.get("text", "")) for o in cell["outputs"] if o.get("output_type") == "stream")
    line = next(out for out in text.splitlines() if out.startswith(MARKER))
    return json.loads(line[len(MARKER):])
