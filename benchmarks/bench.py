"""Build cost of the course site next to plain Material, and how the generator scales.

`make bench` runs it. Every build runs in a temporary copy of the course. Times are medians of
--repeat runs, wall clock and CPU; memory is the peak resident set size of a build and its
children (measure.py), for the generator the peak of Python allocations (tracemalloc).
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path
from statistics import median as med

ROOT = Path(__file__).resolve().parent.parent

import synthetic  # noqa: E402 - beside this script, which Python puts first on the module path
from baseline import edit_yaml, plain_material  # noqa: E402
from coursesite import cache  # noqa: E402
from coursesite.engine import notebook_pages, seal, site  # noqa: E402
from coursesite.render import pages  # noqa: E402
from coursesite.sources import stamp  # noqa: E402

CACHE = notebook_pages.CACHE  # executed notebooks, kept by the plugin in the course folder
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")
# Measured as installed (pip compiles the modules' bytecode, and Python keeps it): without the
# bytecode cache every build would compile each module it imports, ~2 s for MkDocs and Material.
ENV.pop("PYTHONDONTWRITEBYTECODE", None)
BUILD = [str(Path(sys.executable).with_name("coursesite")), "build"]
MKDOCS = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "out"]
MEASURE = [sys.executable, str(Path(__file__).with_name("measure.py"))]  # + the file for the figures + a command
# Load and render once in a fresh process, as a build does (Jinja's compiled templates come from its disk cache).
FIRST = ("import sys, time; from coursesite.render import pages; from coursesite.engine import site; start = time.perf_counter(); "
         "pages.render_pages(site.load_course(sys.argv[1]).course); print(time.perf_counter() - start)")
NAV_HOOK = '''"""Benchmark only: list every personal page in the navigation."""
from mkdocs.plugins import event_priority

@event_priority(0)  # after the course plugin's (priority 50), which sets the navigation
def on_config(config):
    config.nav.append({"Participants": [f"participants/{n}.md" for n in range(1, PARTICIPANTS + 1)]})
    return config
'''


def course_copy(source: Path, target: Path) -> Path:
    """The course data of `source` (with its notebooks and notebook cache) and the repository's site settings."""
    target.mkdir(parents=True)
    for file in (source / "course.yaml", source / "papers.bib", ROOT / "mkdocs.yml"):
        shutil.copy2(file, target / file.name)
    for name in ("notebooks", CACHE):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    (target / "notebooks").mkdir(exist_ok=True)
    for name in ("docs", "scripts"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def read_measure(out: Path) -> tuple[float, float, float]:
    wall, cpu, peak_kib = map(float, out.read_text(encoding="utf-8").split())
    return wall, cpu, peak_kib / 1024


def run(cmd: list[str], cwd: Path, private: Path | None = None) -> tuple[float, float, float]:
    """Run a command to its end: wall time (s), CPU time (s) and peak memory (MB) of it and its children.

    `private`: the command's temp folder (TMPDIR), so its per-user private folder, where a build keeps compiled
    templates, page renders, search entries and the handout between builds (`cache.private_folder`), is the one
    below it: empty for a first build, what the build before left there for a second one."""
    env = ENV if private is None else dict(ENV, TMPDIR=str(private))
    with tempfile.TemporaryFile() as log, tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run([*MEASURE, f"{tmp}/usage", *cmd], cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        if done.returncode:
            log.seek(0)
            sys.exit(f"{' '.join(cmd)} failed in {cwd}:\n{log.read().decode(errors='replace')[-3000:]}")
        return read_measure(Path(tmp) / "usage")


def private_temp() -> tempfile.TemporaryDirectory:
    """A temp folder for a build whose per-user private folder (`cache.private_folder`, below the temp folder) is
    empty but for this user's seal key.

    The key is no kept result: it is who this user is to their own caches. The notebook pages in the course folder's
    cache carry this user's mark (`seal`), and a build with a new key converts every notebook again (the seed's
    five: ~3 s of CPU), as the first build after the temp folder is emptied (a reboot) does."""
    tmp = tempfile.TemporaryDirectory(prefix="coursesite-private-")
    seal.mark(b"")  # makes this user's key if there is none yet
    private = cache.private_folder()
    if private is not None and (private / seal._KEY).is_file():
        (Path(tmp.name) / private.name).mkdir(mode=0o700)
        shutil.copy2(private / seal._KEY, Path(tmp.name) / private.name / seal._KEY)
    return tmp


KEPT = ("cold", "warm")
"""Each build row twice: `cold`, a first build with an empty private folder (nothing kept but the seal key,
`private_temp`: the first build on a machine, or on a CI runner whose temp folder is new); `warm`, the build again
right after it, with what the first one kept. Neither depends on what this machine built before."""


def timed(jobs: list[tuple[str, list[str], Path]], n: int) -> list[tuple]:
    """Rows (label, cold or warm, wall times, CPU times, peak MB, pages built) of jobs run in turn, n rounds.

    Taking turns spreads the machine's changing load evenly over the jobs that are compared.
    """
    samples: dict[tuple[str, str], list] = {(label, kind): [] for label, _, _ in jobs for kind in KEPT}
    for _ in range(n):
        for label, cmd, cwd in jobs:
            with private_temp() as private:
                for kind in KEPT:  # cold, then warm from what cold kept
                    samples[label, kind].append(run(cmd, cwd, Path(private)))
    return [(label, kind, [s[0] for s in samples[label, kind]], [s[1] for s in samples[label, kind]],
             max(s[2] for s in samples[label, kind]),
             sum(1 for _ in (cwd / ("site" if cmd is BUILD else "out")).rglob("*.html")))
            for label, cmd, cwd in jobs for kind in KEPT]


def clone(course: Path, target: Path) -> Path:
    """A copy of a course folder after its warm-up build: compiled modules and notebook cache included."""
    return shutil.copytree(course, target, ignore=shutil.ignore_patterns("site", "out"))


def without_notebooks(course: Path) -> Path:
    text = (course / "course.yaml").read_text(encoding="utf-8")
    (course / "course.yaml").write_text(re.sub(r"(?m)^[ \t]*notebook:.*\n", "", text), encoding="utf-8")
    return course


def site_builds(source: Path, work: Path, n: int) -> list[tuple]:
    """(a) the full build, (b) plain Material with the same pages, and (a) without its parts one by one."""
    course, notebooks = course_copy(source, work / "a"), site.notebooks(site.load_course(source))
    if n > 1 or notebooks:  # untimed warm-up; it runs the notebooks the cache lacks
        run(BUILD, course)
    if (course / CACHE).is_dir():  # keep them for the next benchmark run and the tests
        shutil.copytree(course / CACHE, source / CACHE, dirs_exist_ok=True)
    jobs = [("a  full build: coursesite build", BUILD, course),
            ("b  plain Material, same pages as static files", MKDOCS, plain_material(course, work / "b"))]
    bare = clone(course, work / "a1")
    if notebooks:
        jobs.append(("a1 full build without the notebooks", BUILD, without_notebooks(bare)))
    jobs.append(("a2 ... and mkdocs build instead of coursesite build", MKDOCS, bare))
    return timed(jobs, n)


def many_courses(source: Path, work: Path, count: int) -> list[tuple[str, float, float]]:
    """(g) A repository with `count` copies of the course in courses/: every course built, then one edited and the
    site built again (the others reused from the last build, engine/reuse.py)."""
    repo = course_copy(source, work)
    for name in ("course.yaml", "papers.bib", "notebooks", CACHE):
        for i in range(1, count + 1):
            if (repo / name).exists():
                target = repo / "courses" / f"s{i:02}" / name
                target.parent.mkdir(parents=True, exist_ok=True)
                (shutil.copytree if (repo / name).is_dir() else shutil.copy2)(repo / name, target)
        if (repo / name).is_dir():
            shutil.rmtree(repo / name)
        elif (repo / name).exists():
            (repo / name).unlink()
    for i in range(1, count + 1):
        # Each course of a repository has its own id (its calendars' UIDs; check refuses two alike), as `new` gives.
        copy = repo / "courses" / f"s{i:02}" / "course.yaml"
        text = copy.read_text(encoding="utf-8")
        text = re.sub(r"(?m)^id: .*$", f"id: bench-copy-{i:02}", text, count=1) if re.search(r"(?m)^id: ", text) \
            else f"id: bench-copy-{i:02}\n{text}"
        copy.write_text(text, encoding="utf-8")
    wall, cpu, _ = run(BUILD, repo)
    rows = [(f"g  {count} courses, all built", wall, cpu)]
    edited = repo / "courses" / f"s{count:02}" / "course.yaml"
    edited.write_text(re.sub(r"(?m)^title: (.*)$", r"title: \1 (edited)", edited.read_text(encoding="utf-8"), count=1),
                      encoding="utf-8")
    wall, cpu, _ = run(BUILD, repo)
    rows.append((f"g  {count} courses, 1 changed: the rest reused", wall, cpu))
    return rows


def report_many(rows: list[tuple[str, float, float]]) -> None:
    print(f"\n{'many courses in one site (seconds)':55} {'wall':>6} {'CPU':>6}")
    for label, wall, cpu in rows:
        print(f"{label:55} {wall:6.2f} {cpu:6.2f}")


def nav_cost(work: Path, sessions: int, participants: int, n: int) -> list[tuple]:
    """A synthetic course: plain Material, built as is, and built with every personal page in the navigation."""
    course = course_copy(synthetic.write(work / "synthetic", sessions, participants), work / "n1")
    if n > 1:
        run(MKDOCS, course)  # untimed warm-up
    nav = clone(course, work / "n2")
    (nav / "navhook.py").write_text(NAV_HOOK.replace("PARTICIPANTS", str(participants)), encoding="utf-8")
    edit_yaml(nav / "mkdocs.yml", lambda config: config.setdefault("hooks", []).append("navhook.py"))
    size = f"{sessions}x{participants}"
    return timed([(f"n0 synthetic {size}: plain Material", MKDOCS, plain_material(course, work / "n0")),
                  (f"n1 synthetic {size}: mkdocs build, as is", MKDOCS, course),
                  (f"n2 synthetic {size}: personal pages in the nav", MKDOCS, nav)], n)


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) the process `pid` and its threads have used so far (Linux's /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def serve_rebuilds(source: Path, work: Path, edits: int) -> tuple[list[float], list[float], list[float], float]:
    """(d) `mkdocs serve`: seconds from a one-line course.yaml edit to the browsers' reload, the rebuild's part
    (from its log lines), and the server's CPU seconds from the edit to the reload."""
    course, usage = course_copy(source, work / "serve"), work / "serve-usage"
    with socket.create_server(("127.0.0.1", 0)) as probe:  # a port that is free now
        free_port = probe.getsockname()[1]
    proc = subprocess.Popen([*MEASURE, str(usage), sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{free_port}"],
                            cwd=course, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:
            lines.put((time.perf_counter(), line))
        lines.put((time.perf_counter(), None))  # the server has stopped
    threading.Thread(target=pump, daemon=True).start()

    def wait_for(text: str) -> float:
        while True:
            at, line = lines.get(timeout=600)
            if line is None or "ERROR" in line or "Traceback" in line:
                raise RuntimeError(f"mkdocs serve failed in {course}: {line or 'it stopped'}")
            if text in line:
                return at

    walls, logged, cpus = [], [], []
    original = (course / "course.yaml").read_text(encoding="utf-8")
    try:
        wait_for("Serving on")
        # measure.py's one child: the server
        server = int(Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text(encoding="utf-8").split()[0])
        for i in range(1, edits + 1):
            time.sleep(1)  # the server idle, as between an organizer's saves
            edited = re.sub(r"(?m)^(semester: .*)$", rf"\1 (edit {i})", original, count=1)
            cpu, start = process_cpu(server), time.perf_counter()
            (course / "course.yaml").write_text(edited, encoding="utf-8")
            # Lines that come every time (MkDocs drops "Documentation built in X seconds" if it printed it before).
            building, done = wait_for("Building documentation"), wait_for("Reloading browsers")
            walls.append(done - start)
            logged.append(done - building)
            cpus.append(process_cpu(server) - cpu)
    finally:
        # What Ctrl+C does, to the group of processes started here: MkDocs stops and removes its temp dir.
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            # The figures stand; without the measuring process's own exit its peak memory is unknown.
            print("d  mkdocs serve did not stop within 60 s of Ctrl+C; stopped with SIGKILL", file=sys.stderr)
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return walls, logged, cpus, read_measure(usage)[2] if usage.is_file() else float("nan")


def generator(folder: Path, n: int, exports: bool = True) -> dict:
    """(c) load + validate + render Markdown in this process: medians (s), the peak of allocations (MB),
    and once, every file the hook adds (pages, calendars, PDF handout)."""
    rendered = pages.render_pages(site.load_course(folder).course)  # warm-up: compiles the templates
    loads, renders, cpus = [], [], []
    for _ in range(n):
        start, cpu = time.perf_counter(), time.process_time()
        course = site.load_course(folder).course
        loaded = time.perf_counter()
        rendered = pages.render_pages(course)
        loads.append(loaded - start)
        renders.append(time.perf_counter() - loaded)
        cpus.append(time.process_time() - cpu)
    count, rendered = len(rendered), None
    tracemalloc.start()
    pages.render_pages(site.load_course(folder).course)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    first = subprocess.run([sys.executable, "-c", FIRST, str(folder)], env=ENV, capture_output=True, text=True, check=True)
    start = time.perf_counter()
    files = site.generated_files(site.load_course(folder), stamp.current(folder)) if exports else None  # pages, calendars, handout
    files = time.perf_counter() - start if files else float("nan")
    return {"files": files, "load": med(loads), "render": med(renders),
            "total": med(a + b for a, b in zip(loads, renders)), "cpu": med(cpus),
            "first": float(first.stdout), "peak": peak, "pages": count,
            "sessions": len(course.sessions), "participants": course.participants or 0}


def library(source: Path, work: Path, entries: int, n: int) -> list[tuple[str, float, float, int]]:
    """(f) Loading a pasted library of `entries` entries as the tools export them (synthetic.library_bib): once with
    the course reading its own papers only (the others are split off, not converted), once with every entry named
    in further_reading (each converted, checked and cited). Medians of load + validate, in this process."""
    text, keys = synthetic.library_bib(entries)
    found = []
    for label, named in (("course reads its own papers", []), ("every entry in further_reading", keys)):
        folder = work / f"library-{len(named)}"
        folder.mkdir(parents=True)
        if (source / "notebooks").is_dir():  # sessions name their notebooks, which load checks
            shutil.copytree(source / "notebooks", folder / "notebooks")
        (folder / "papers.bib").write_text((source / "papers.bib").read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
        shutil.copy2(source / "course.yaml", folder / "course.yaml")
        if named:
            edit_yaml(folder / "course.yaml", lambda data, named=named: data["sessions"][0].update(
                further_reading=[*data["sessions"][0].get("further_reading", []), *named]))
        site.load_course(folder)  # warm-up: imports, the style's parse
        walls, cpus = [], []
        for _ in range(n):
            start, cpu = time.perf_counter(), time.process_time()
            loaded = site.load_course(folder)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        found.append((label, med(walls), med(cpus), len(loaded.course.papers)))
    return found


def report_library(rows: list[tuple[str, float, float, int]], entries: int) -> dict[str, float]:
    print(f"\n{'library of ' + str(entries) + ' entries (seconds)':55} {'wall':>6} {'CPU':>6} {'papers':>6}")
    for label, wall, cpu, papers in rows:
        print(f"{'f  ' + label:55} {wall:6.2f} {cpu:6.2f} {papers:6d}")
    # Every entry read is no course's case: the second row shows the cost per cited paper (citeproc-py's
    # term look-ups take most of it), not a target.
    return {"library": rows[0][1]}


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, load average {os.getloadavg()[0]:.2f}"


def report_serve(serve: tuple, kept_column: bool = False) -> dict[str, float]:
    reloads, logged, cpus, peak = serve
    width = 60 if kept_column else 55  # under the build rows, past their column of cold and warm
    print(f"{'d  mkdocs serve: course.yaml edited -> browsers reload':{width}} {med(reloads):6.2f} {min(reloads):6.2f}"
          f" {max(reloads):6.2f} {med(cpus):6.2f} {len(reloads):4d} {peak:7.0f}")
    print(f"{'d  ... of which the rebuild (log lines)':{width}} {med(logged):6.2f} {min(logged):6.2f} {max(logged):6.2f}")
    return {"serve": med(reloads)}


def report_builds(builds: list[tuple], serve: tuple) -> dict[str, float]:
    print(f"\n{'build (seconds)':55} {'kept':4} {'wall':>6} {'min':>6} {'max':>6} {'CPU':>6} {'runs':>4} {'peak MB':>7}"
          f" {'pages':>5}")
    for label, kind, walls, cpus, peak, count in builds:
        print(f"{label:55} {kind:4} {med(walls):6.2f} {min(walls):6.2f} {max(walls):6.2f} {med(cpus):6.2f} {len(walls):4d}"
              f" {peak:7.0f} {count:5d}")
    found = report_serve(serve, kept_column=True)
    wall = {(label.split()[0], kind): med(walls) for label, kind, walls, _, _, _ in builds}
    cpu = {(label.split()[0], kind): med(cpus) for label, kind, _, cpus, _, _ in builds}
    rows = {row for row, _ in wall}
    for kind in KEPT:
        def diff(name: str, x: str, y: str, kind: str = kind) -> str:
            return (f"{name} ({x} - {y}), {kind}: {wall[x, kind] - wall[y, kind]:.2f} s wall,"
                    f" {cpu[x, kind] - cpu[y, kind]:.2f} s CPU")

        def ratio(name: str, x: str, y: str, kind: str = kind) -> str:
            found[f"{x}/{y} {kind}"] = min(wall[x, kind] / wall[y, kind], cpu[x, kind] / cpu[y, kind])
            return f"{name} {x}/{y}, {kind} = {wall[x, kind] / wall[y, kind]:.2f} wall, {cpu[x, kind] / cpu[y, kind]:.2f} CPU"

        print("\n" + ratio("full build / plain Material", "a", "b"))
        if "a1" in rows:
            print(diff("notebook pages from the cache", "a", "a1"))
        print(diff("coursesite build around mkdocs build", "a1" if "a1" in rows else "a", "a2"))
        print(ratio("synthetic course: hook build / plain Material", "n1", "n0"))
        print(ratio("synthetic course: personal pages in the nav / not", "n2", "n1"))
    return found


def report_generator(gens: list[dict]) -> dict[str, float]:
    print(f"\n{'generator (ms)':20} {'pages':>5} {'load':>6} {'render':>7} {'total':>7} {'CPU':>7} {'first':>7} {'peak MB':>7}"
          f" {'CPU us/session':>14} {'per part.-session':>17} {'all files':>9}")
    for g in gens:
        print(f"{g['name']:20} {g['pages']:5d} {g['load'] * 1e3:6.1f} {g['render'] * 1e3:7.1f} {g['total'] * 1e3:7.1f}"
              f" {g['cpu'] * 1e3:7.1f} {g['first'] * 1e3:7.1f} {g['peak']:7.1f} {g['cpu'] * 1e6 / g['sessions']:14.0f}"
              f" {g['cpu'] * 1e6 / (g['sessions'] * max(g['participants'], 1)):17.2f} {g['files'] * 1e3:9.0f}")
    found = {"seed": gens[0]["total"]}
    found.update({f"{g['sessions']}x{g['participants']}": g["total"] for g in gens[1:]})
    by_size = {(g["sessions"], g["participants"]): g["cpu"] for g in gens[1:]}
    sessions, people = sorted({s for s, _ in by_size}), sorted({p for _, p in by_size})
    (s0, s1), (p0, p1) = (sessions[0], sessions[-1]), (people[0], people[-1])
    if s1 > s0 and p1 > p0 and {(s0, p0), (s0, p1), (s1, p0), (s1, p1)} <= by_size.keys():
        # From the corners of the sizes measured: the smallest and largest course in each direction.
        grow_s = [by_size[s1, p] / by_size[s0, p] for p in (p0, p1)]
        grow_p = [by_size[s, p1] / by_size[s, p0] for s in (s0, s1)]
        print(f"\nscaling (CPU): {s1 / s0:.0f}x the sessions -> " + ", ".join(
            f"{r:.2f}x the time ({p} participants)" for r, p in zip(grow_s, (p0, p1))))
        print(f"               {p1 / p0:.0f}x the participants -> " + ", ".join(
            f"{r:.2f}x the time ({s} sessions)" for r, s in zip(grow_p, (s0, s1))))
        found["linear"] = max(max(grow_s) / (s1 / s0), max(grow_p) / (p1 / p0))
    return found


# The targets of issue 24; each figure is printed next to its limit.
TARGETS = [
    ("a/b cold: full build / plain Material, seed course, nothing kept, the better of wall and CPU", "a/b cold", 0.8),
    ("a/b warm: ... the build again, with what the first kept", "a/b warm", 0.8),
    ("n1/n0 cold: synthetic course, full build / plain Material, nothing kept, the better of wall and CPU",
     "n1/n0 cold", 1.0),
    ("n1/n0 warm: ... the build again, with what the first kept", "n1/n0 warm", 1.0),
    ("preview: course.yaml saved -> browsers reload (s)", "serve", 0.5),
    ("generator, seed course (s)", "seed", 0.025),
    ("generator, synthetic 50x200 (s)", "50x200", 0.15),
    ("generator, synthetic 200x1000 (s)", "200x1000", 1.0),
    ("time growth / size growth (1 = linear)", "linear", 1.1),
    ("loading a 1,000-entry library (s)", "library", 1.0),
]


def report_targets(found: dict[str, float]) -> None:
    print("\ntargets:")
    for name, key, limit in TARGETS:
        if key in found:
            print(f"  {name}: {found[key]:.3g} (<= {limit}) {'met' if found[key] <= limit else 'MISSED'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (default 5)")
    parser.add_argument("--quick", action="store_true", help="smoke test: one run each, one serve edit, a small nav course")
    parser.add_argument("--course", type=Path, default=ROOT, help="folder with course.yaml, papers.bib (and notebooks/)")
    parser.add_argument("--sizes", default="50x100,50x200,50x1000,200x100,200x1000",
                        help="synthetic courses, SESSIONSxPARTICIPANTS")
    parser.add_argument("--library", type=int, default=1000, help="entries of the pasted library (f) (default 1000)")
    parser.add_argument("--library-only", action="store_true", help="measure only the library load (f)")
    parser.add_argument("--serve-only", action="store_true", help="measure only the preview (d), --repeat saves")
    parser.add_argument("--nav-size", help="synthetic course for the navigation cost (default 50x200, quick 5x20)")
    parser.add_argument("--many", type=int, help="copies of the course in one repository (g) (default 10, quick 3)")
    args = parser.parse_args(argv)
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        # Started in the background by a shell, which ignores Ctrl+C for it, and every process started from here would
        # inherit that: `mkdocs serve` (d) then never stopped on the Ctrl+C that ends its measurement.
        signal.signal(signal.SIGINT, signal.default_int_handler)
    n = 1 if args.quick else args.repeat
    nav = [int(x) for x in (args.nav_size or ("5x20" if args.quick else "50x200")).split("x")]
    sizes = [tuple(int(x) for x in size.split("x")) for size in args.sizes.split(",")]
    print(f"machine: {machine()}\ncourse: {args.course.resolve()}; {n} timed run(s) per build", flush=True)
    with tempfile.TemporaryDirectory(prefix="coursesite-bench-") as tmp:
        work = Path(tmp)
        if args.serve_only:
            print(f"\n{'preview (seconds)':55} {'wall':>6} {'min':>6} {'max':>6} {'CPU':>6} {'runs':>4} {'peak MB':>7}")
            report_targets(report_serve(serve_rebuilds(args.course, work, n)))
            print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
            return 0
        found = report_library(library(args.course, work, args.library, n), args.library)
        if args.library_only:
            report_targets(found)
            return 0
        builds = site_builds(args.course, work / "seed", n) + nav_cost(work, *nav, n)
        many = many_courses(args.course, work / "many", args.many or (3 if args.quick else 10))
        serve = serve_rebuilds(args.course, work, 1 if args.quick else max(3, n))
        gens = [{"name": "seed" if args.course == ROOT else "course", **generator(args.course, max(n, 3))}]
        for s, p in sizes:
            folder = synthetic.write(work / f"gen{s}x{p}", s, p)
            gens.append({"name": f"synthetic {s}x{p}", **generator(folder, n, exports=not args.quick)})
    report_many(many)
    report_targets({**found, **report_builds(builds, serve), **report_generator(gens)})
    print(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
