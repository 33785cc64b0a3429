"""Lighthouse, mobile, on every page type of the built course, served with gzip as Pages serves it.

`make bench` runs it after the build figures (`python benchmarks/lighthouse.py` alone). Lighthouse is the
npm package pinned in package.json, Chromium the system one (CHROME_PATH or /usr/bin/chromium). Everything
runs offline: the server is local, and Chromium is told not to reach Google's services.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # pagetypes: the same page types the browser tests visit

from pagetypes import page_types  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --no-first-run --disable-sync --disable-default-apps")
# What GitHub Pages compresses; fonts and images are already compressed.
ZIPPED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".map"}


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzip-encoded when the client accepts it, as GitHub Pages serves them."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # its redirect to the address with a slash
            path = path / "index.html"
        if (path.suffix not in ZIPPED or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # what Pages sends
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, *args) -> None:
        pass


def serve(site: Path) -> tuple[subprocess.Popen, str]:
    """The gzip server in a process of its own (stopped whatever state its connections are in), and its address."""
    server = subprocess.Popen([sys.executable, __file__, "--serve", str(site)], stdout=subprocess.PIPE, text=True)
    return server, server.stdout.readline().strip()


def audit(url: str, out: Path) -> dict[str, int]:
    """The four category scores (0-100) of one mobile Lighthouse run on url."""
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", shutil.which("chromium") or "/usr/bin/chromium"))
    subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}",
                    f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
                    f"--chrome-flags={CHROME_FLAGS}", "--disable-full-page-screenshot",
                    "--max-wait-for-load=30000"],
                   env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    report = json.loads(out.read_text(encoding="utf-8"))
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def metrics(report: Path) -> str:
    """The metrics behind the performance score (Lighthouse's simulated phone), and whether the first frame came late.

    No page of the site hides its header, so a first paint after the load event means the page had loaded and nothing
    was presented: headless Chromium withholds frames at times (viz throttles the page's BeginFrames to about one a
    second, GoogleChrome/lighthouse#17148: +1 s or +2 s, in about a third of the runs on the shared 2-core machine),
    and the simulated FCP, LCP and speed index then count everything the page did before that frame. The score stands
    as measured; the line says why one run may score a few points under the next (issue 24).
    """
    items = json.loads(report.read_text(encoding="utf-8"))["audits"]["metrics"]["details"]["items"][0]
    line = (f"FCP {items['firstContentfulPaint'] / 1000:.2f} s, LCP {items['largestContentfulPaint'] / 1000:.2f} s, "
            f"TBT {items['totalBlockingTime']:.0f} ms, CLS {items['cumulativeLayoutShift']:.3f}, "
            f"SI {items['speedIndex'] / 1000:.2f} s")
    late = items["observedFirstContentfulPaint"] - items["observedLoad"]
    if late > 0:
        line += (f"; first frame {late:.0f} ms after the load event (observed {items['observedFirstContentfulPaint']:.0f} ms):"
                 " the browser's late frame, GoogleChrome/lighthouse#17148")
    return line


def failing(report: Path) -> list[str]:
    """The audits below full marks outside performance, to say what keeps a category under 100."""
    data = json.loads(report.read_text(encoding="utf-8"))
    lost = []
    for name in CATEGORIES[1:]:
        for ref in data["categories"][name]["auditRefs"]:
            found = data["audits"][ref["id"]]
            if ref["weight"] and found["score"] is not None and found["score"] < 1:
                lost.append(f"{name}: {ref['id']}")
    return lost


def measure(course: Path, build: bool = True) -> dict[str, dict[str, int]]:
    """Page type -> scores, for the course in `course` (built first into a temporary copy)."""
    if not LIGHTHOUSE.exists():
        raise SystemExit(f"error: {LIGHTHOUSE} is missing; run `npm ci` in {ROOT} (package.json pins lighthouse)")
    with tempfile.TemporaryDirectory(prefix="coursesite-lighthouse-") as tmp:
        work = Path(tmp)
        folder = course
        if build:
            folder = Path(shutil.copytree(course, work / "course", ignore=shutil.ignore_patterns("site")))
            subprocess.run([str(Path(sys.executable).with_name("coursesite")), "build", "--course", str(folder)],
                           check=True, stdout=subprocess.DEVNULL)
        server, base = serve(folder / "site")
        scores = {}
        try:
            for kind, address in page_types(folder).items():
                out = work / f"{len(scores)}.json"
                scores[kind] = audit(base + address, out)
                lost = failing(out)
                print(f"  {kind:<28} " + "  ".join(f"{c} {scores[kind][c]:>3}" for c in CATEGORIES)
                      + (f"   ({'; '.join(lost)})" if lost else "") + f"\n  {'':<28} {metrics(out)}", flush=True)
        finally:
            server.kill()
            server.wait()
    return scores


def report(scores: dict[str, dict[str, int]]) -> None:
    print("\ntargets (Lighthouse, mobile):")
    for c in CATEGORIES:
        worst = min(scores.items(), key=lambda item: item[1][c])
        met = worst[1][c] >= TARGETS[c]
        print(f"  {c}, lowest page type ({worst[0]}): {worst[1][c]} (>= {TARGETS[c]}) {'met' if met else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=ROOT, help="folder with course.yaml, papers.bib (and notebooks/)")
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)  # the server process that serve() starts
    args = parser.parse_args(argv)
    if args.serve:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(args.serve)))
        print(f"http://127.0.0.1:{server.server_address[1]}/", flush=True)
        server.serve_forever()
    print(f"Lighthouse (mobile, gzip) on every page type of {args.course.resolve()}:")
    report(measure(args.course))
    return 0


if __name__ == "__main__":
    sys.exit(main())
