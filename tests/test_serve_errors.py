"""`mkdocs serve` shows the reason of every failed rebuild, also when it is the same mistake again."""

from __future__ import annotations

import logging

import pytest
from mkdocs.commands import build as mkdocs_build_module
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils import DuplicateFilter

from conftest import copy_course
from coursesite.engine.build import CONFIG_FILE


class Lines(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.mark.parametrize("mistake", [
    ("timezone: Europe/Berlin", "timezone: Europe/Berln"),
    ("participants: 10", "participants: ten"),
])
def test_same_mistake_twice_is_shown_twice(tmp_path, mistake):
    """With the `mkdocs` command's DuplicateFilter in place, each of three failing rebuilds logs its reason."""
    root = copy_course(tmp_path / "course")
    text = (root / "course.yaml").read_text(encoding="utf-8")
    assert mistake[0] in text
    (root / "course.yaml").write_text(text.replace(mistake[0], mistake[1], 1), encoding="utf-8")
    log = mkdocs_build_module.log
    duplicate, lines = DuplicateFilter(), Lines()
    log.addFilter(duplicate)  # what `mkdocs serve` installs (mkdocs.__main__._enable_warnings)
    log.addHandler(lines)
    try:
        for _ in range(3):  # serve loads the configuration afresh for every rebuild
            with pytest.raises(Abort):
                mkdocs_build_module.build(load_config(str(root / CONFIG_FILE)))
    finally:
        log.removeFilter(duplicate)
        log.removeHandler(lines)
    reasons = [line for line in lines.lines if "course.yaml:" in line]
    assert len(reasons) == 3 and len(set(reasons)) == 1
    assert all("\n" not in r and "Traceback" not in r for r in reasons)
