"""`coursesite serve` (`make serve`): a saved course.yaml reaches the served pages, rebuilt once per save.

How fast is the benchmark's business (`make bench`, "preview: course.yaml saved -> browsers reload"); this
checks what the organizer sees: the edit on the page the server sends after MkDocs' "Reloading browsers".
"""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from conftest import copy_course

pytestmark = pytest.mark.slow  # runs a server that builds the seed course twice


class Server:
    """`coursesite serve` in a process group of its own, its log read line by line."""

    def __init__(self, root, port):
        self.url = f"http://127.0.0.1:{port}"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "coursesite", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                     cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                     start_new_session=True)
        self.lines: queue.Queue = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self):
        for line in self.proc.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text, timeout=300):
        deadline = time.monotonic() + timeout
        while True:
            line = self.lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            assert line is not None, "the server stopped:\n" + "".join(self.log)
            self.log.append(line)
            assert "Traceback" not in line and "ERROR" not in line, "".join(self.log)
            if text in line:
                return

    def quiet_for(self, seconds):
        """The log lines of the next `seconds`."""
        found, deadline = [], time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                break
            found.append(line)
        self.log += found
        return found

    def page(self, path):
        with urllib.request.urlopen(self.url + path, timeout=60) as response:
            return response.read().decode("utf-8")

    def stop(self):
        os.killpg(self.proc.pid, signal.SIGINT)  # what Ctrl+C does
        self.proc.wait(timeout=60)


@pytest.fixture
def server(tmp_path):
    root = copy_course(tmp_path / "course")
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    running = Server(root, port)
    try:
        running.wait_for("Serving on")
        yield root, running
    finally:
        running.stop()


def test_saved_course_yaml_reaches_the_served_page_once(server):
    """A new title, saved, is on the served home page after the reload, and the save starts one rebuild only
    (the build reads docs/ and the course files: reading them must not count as a change)."""
    root, running = server
    assert "Challenges" in running.page("/")
    text = (root / "course.yaml").read_text(encoding="utf-8")
    assert "title: Mathematical Machine Learning -- Challenges\n" in text
    (root / "course.yaml").write_text(text.replace("-- Challenges\n", "-- Challenges (edited)\n", 1), encoding="utf-8")
    running.wait_for("Reloading browsers")
    assert "Challenges (edited)" in running.page("/")
    # Longer than MkDocs' polling interval (0.5 s) and its wait for further changes (0.1 s): no second rebuild.
    later = running.quiet_for(2.0)
    assert not [line for line in later if "Building documentation" in line], "".join(running.log)


def test_saved_papers_bib_and_an_atomic_save_reach_the_served_page(server):
    """Editors that save by writing a new file and renaming it over the old one (vim, many IDEs) are noticed too."""
    root, running = server
    bib = (root / "papers.bib").read_text(encoding="utf-8")
    page = running.page("/papers/")
    assert "Understanding the Difficulty of Training" in page
    fresh = root / ".papers.bib.swp"
    fresh.write_text(bib.replace("Understanding the Difficulty", "Understanding the Hardness", 1), encoding="utf-8")
    fresh.replace(root / "papers.bib")
    running.wait_for("Reloading browsers")
    assert "Understanding the Hardness of Training" in running.page("/papers/")
