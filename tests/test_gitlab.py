"""The GitLab Pages pipeline (.gitlab-ci.yml), checked offline against GitLab's CI schema as check-jsonschema ships it."""

from __future__ import annotations

import re

import yaml

from test_workflows import DEPLOY, ROOT, broken_copy, check_jsonschema, load, runs

PIPELINE = ROOT / ".gitlab-ci.yml"
JOBS = ("check", "build", "content-tests", "pages")


def pipeline() -> dict:
    return yaml.safe_load(PIPELINE.read_text(encoding="utf-8"))


def test_pipeline_matches_gitlabs_ci_schema():
    """.gitlab-ci.yml is valid under check-jsonschema's built-in GitLab CI schema (vendor.gitlab-ci)."""
    result = check_jsonschema("vendor.gitlab-ci", PIPELINE)
    assert (result.returncode, result.stdout.strip()) == (0, "ok -- validation done"), result.stdout + result.stderr


def test_gitlab_schema_rejects_a_misspelt_keyword_and_a_wrong_value(tmp_path):
    """The schema is no formality: an unknown keyword in a job and a `when:` GitLab does not know both fail."""
    broken = broken_copy(tmp_path, PIPELINE, "  artifacts:\n    paths: [public/]", "  artifact:\n    paths: [public/]")
    assert check_jsonschema("vendor.gitlab-ci", broken).returncode == 1
    broken = broken_copy(tmp_path, PIPELINE, "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH",
                         "    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n      when: sometimes")
    result = check_jsonschema("vendor.gitlab-ci", broken)
    assert result.returncode == 1 and "$.pages" in result.stdout


def test_pipeline_checks_builds_and_tests_in_that_order_then_publishes():
    """Stages run check, build, the content tests, then `pages`, each through the Makefile target an organizer runs."""
    ci = pipeline()
    assert ci["stages"] == ["check", "build", "test", "deploy"]
    assert [ci[job]["stage"] for job in JOBS] == ci["stages"]
    assert [ci[job]["script"][-1] for job in JOBS[:3]] == ["make check", "make build", "make test-content"]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("check", "build", "test-content"):
        assert re.search(rf"^{target}:", makefile, re.M), target
    # The same steps as GitHub's short publishing path.
    assert [step for step in runs(load(DEPLOY), "build") if step.startswith("make")] == \
        ["make check", "make build", "make test-content"]


def test_pages_publishes_the_tested_build_from_the_default_branch_only():
    """The `pages` job waits for the build and its tests, moves site/ to public/ (what GitLab Pages serves), on main only."""
    pages = pipeline()["pages"]
    assert pages["needs"] == ["build", "content-tests"]
    assert pages["script"] == ["rm -rf public && mv site public"]
    assert pages["artifacts"]["paths"] == ["public/"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pipeline()["build"]["artifacts"]["paths"] == ["site/"]
    assert pages.get("interruptible") is False  # a newer push never stops a deploy half-way


def test_pipeline_keeps_the_cache_of_unchanged_courses_and_notebooks():
    """The cache kept between pipelines is the folder where builds keep executed notebooks and finished courses."""
    default = pipeline()["default"]
    assert default["cache"]["paths"] == [".cache/", "courses/*/.cache/"]
    assert pipeline()["variables"]["CI"] == "true"
