"""benchmarks/lighthouse.py's line under each page type: the metrics behind the score, and a first frame that came late."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from conftest import ROOT

_spec = importlib.util.spec_from_file_location("lighthouse_bench", ROOT / "benchmarks" / "lighthouse.py")
assert _spec is not None and _spec.loader is not None
lighthouse = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lighthouse)


def report(tmp_path: Path, observed_fcp: int, observed_load: int) -> Path:
    """A Lighthouse JSON report with only the metrics audit (the values of a home page run, observed times varied)."""
    items = {"firstContentfulPaint": 2360, "largestContentfulPaint": 2729, "totalBlockingTime": 205,
             "cumulativeLayoutShift": 0.0012, "speedIndex": 4079,
             "observedFirstContentfulPaint": observed_fcp, "observedLoad": observed_load}
    path = tmp_path / "report.json"
    path.write_text(json.dumps({"audits": {"metrics": {"details": {"items": [items]}}}}), encoding="utf-8")
    return path


def test_metrics_line_gives_the_simulated_metrics(tmp_path):
    line = lighthouse.metrics(report(tmp_path, 118, 286))
    assert line == "FCP 2.36 s, LCP 2.73 s, TBT 205 ms, CLS 0.001, SI 4.08 s"


def test_a_first_frame_after_the_load_event_is_named(tmp_path):
    line = lighthouse.metrics(report(tmp_path, 2206, 871))
    assert line.endswith("; first frame 1335 ms after the load event (observed 2206 ms):"
                         " the browser's late frame, GoogleChrome/lighthouse#17148")
    assert "first frame" not in lighthouse.metrics(report(tmp_path, 871, 871))
