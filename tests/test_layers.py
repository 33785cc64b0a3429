"""The package's stages import only downwards (import-linter's contracts in pyproject.toml).

The contracts are what `make lint` runs; these tests prove that they hold on the package as it is and
that they would catch an import against the flow, in a copy of the package with one line added.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")
PACKAGE = ROOT / "scripts" / "coursesite"
STAGES = ["sources", "schedule", "course", "render", "exports", "engine"]


def lint(tmp_path: Path, edit: tuple[str, str] | None = None) -> subprocess.CompletedProcess:
    """lint-imports over a copy of the package (with `edit` = (module path, line) appended)."""
    shutil.copytree(PACKAGE, tmp_path / "src" / "coursesite", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    if edit:
        module = tmp_path / "src" / "coursesite" / edit[0]
        module.write_text(module.read_text(encoding="utf-8") + "\n" + edit[1] + "\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "src")}
    return subprocess.run([str(LINT), "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True)


def test_the_folder_listing_shows_the_pipeline():
    """Every stage is a subpackage whose docstring says what it owns and what it may use."""
    folders = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    assert folders == sorted(STAGES)
    for stage in STAGES:
        doc = (PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")
        assert doc.startswith('"""') and ("May use" in doc or "may use" in doc.lower()), stage
    flat = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert flat == ["__init__.py", "__main__.py", "cache.py", "cli.py", "errors.py", "model.py"]


def test_the_package_keeps_its_contracts(tmp_path):
    result = lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


@pytest.mark.parametrize("module, line, broken", [
    ("schedule/rotation.py", "from ..engine import site  # noqa", "Stages import only from the stages below them"),
    ("sources/bib.py", "from ..course import load  # noqa", "Stages import only from the stages below them"),
    ("render/pages.py", "from ..exports import ics  # noqa", "Stages import only from the stages below them"),
    ("render/escape.py", "import mkdocs.config  # noqa", "No MkDocs, Material or mkdocs-jupyter outside the engine"),
    ("exports/ics.py", "import mkdocs_jupyter  # noqa", "No MkDocs, Material or mkdocs-jupyter outside the engine"),
])
def test_an_import_against_the_flow_breaks_the_lint(tmp_path, module, line, broken):
    result = lint(tmp_path, (module, line))
    assert result.returncode != 0
    assert f"{broken} BROKEN" in result.stdout
