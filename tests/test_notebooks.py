"""Companion notebooks: stored clean, and their experiments show what their prose claims.

Each notebook is executed once per test run, in a kernel that runs this very interpreter. A cell appended to a
copy prints the notebook's ``result`` dict as JSON; the tests read it back (notebook_report). On a fresh clone the
run is the one that fills the shared notebook cache (conftest.warm_notebook_cache: the product's runner, the same
notebook with the cell appended, which the cache does not keep), so the notebooks do not run twice; when the cache
was filled before this test run, the notebook runs here with nbclient, in a temporary working directory.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager  # noqa: E402
from jupyter_client.manager import KernelManager  # noqa: E402

from conftest import notebook_results  # noqa: E402
from notebook_report import read_report, with_report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = ("glorot2010understanding", "ba2014deep", "zhang2021understanding",
            "li2018visualizing", "grimmer2024provably")
STORED = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb"))


class _ThisInterpreter(KernelSpecManager):
    """Resolves every kernel name to an ipykernel running sys.executable."""

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                          name=kernel_name, display_name="Python 3", language="python")


@cache
def run(name: str) -> tuple[dict, str, float]:
    """notebooks/NAME.ipynb's result dict, the kernel's executable and the run's seconds: from the run this test run
    made with the product's runner to fill the shared notebook cache, if it made one, else from a run of its own."""
    shared = notebook_results().get(name)
    if shared is not None:
        return shared["result"], shared["executable"], shared["seconds"]
    nb = nbformat.reads(with_report((NOTEBOOKS / f"{name}.ipynb").read_text(encoding="utf-8")), as_version=4)
    km = KernelManager(kernel_name="python3", kernel_spec_manager=_ThisInterpreter())
    # One BLAS thread: the matrices are small, and on a shared machine extra threads only wait.
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    with tempfile.TemporaryDirectory() as workdir:
        # The kernel is stopped at once when done, as the product's runner stops it (notebook_pages._run: asked to
        # shut down, ipykernel 7 misses its exit about one time in seven, and jupyter_client waits 2.5 s).
        client = nbclient.NotebookClient(nb, km=km, timeout=120, allow_errors=False, shutdown_kernel="immediate",
                                         resources={"metadata": {"path": workdir}})
        start = time.perf_counter()
        client.execute(cleanup_kc=True, env=env)  # cleanup_kc: shut the kernel down, also on errors
        seconds = time.perf_counter() - start
    payload = read_report(nb.cells[-1])
    return payload["result"], payload["executable"], seconds


def test_all_companion_notebooks_exist():
    """Every paper of the seminar has its companion notebook in notebooks/."""
    assert set(EXPECTED) <= set(STORED)


@pytest.mark.parametrize("name", STORED)
def test_notebook_is_stored_clean(name):
    """The notebook is valid nbformat 4 for the python3 kernel, without outputs or execution counts."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {cell.id} has stored outputs"
            assert cell.execution_count is None, f"cell {cell.id} has an execution count"
        assert "execution" not in cell.metadata


@pytest.mark.parametrize("name", STORED)
def test_notebook_opens_and_closes_with_prose(name):
    """The notebook opens with a Markdown introduction naming a seminar role and ends with discussion questions."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    first, last = nb.cells[0], nb.cells[-1]
    assert first.cell_type == "markdown" and first.source.startswith("# ")
    assert re.search(r"Hacker|Peer Reviewer|Archaeologist|Academic Researcher|Private Investigator", first.source)
    assert last.cell_type == "markdown"
    assert "## Questions to discuss" in last.source
    questions = last.source.split("## Questions to discuss", 1)[1]
    items = re.split(r"^\d+\. ", questions, flags=re.M)[1:]
    assert len(items) >= 3 and all("?" in item for item in items)


@pytest.mark.notebook
@pytest.mark.parametrize("name", EXPECTED)
def test_notebook_runs_in_this_interpreter(name):
    """The notebook executes without errors, in this interpreter, and computes a result dict."""
    result, executable, seconds = run(name)
    assert Path(executable) == Path(sys.executable)
    assert isinstance(result, dict) and result
    print(f"{name}: executed in {seconds:.1f} s")


@pytest.mark.notebook
def test_glorot_initializations():
    """Standard init shrinks activations and gradients by ~3^-9 over 10 tanh layers; normalized init does not."""
    r, _, _ = run("glorot2010understanding")
    theory = r["linear_theory_ratio_standard"]
    assert theory / 3 < r["act_ratio_standard"] < 3 * theory
    assert r["grad_ratio_standard"] < 1e-3
    assert r["act_ratio_normalized"] > 0.1 and r["grad_ratio_normalized"] > 0.1
    assert r["grad_ratio_normalized"] > 1e3 * r["grad_ratio_standard"]
    # In the linear regime of tanh, where the paper's argument applies, the variances are preserved.
    for key in ("linear_regime_act_ratio_normalized", "linear_regime_grad_ratio_normalized"):
        assert 0.5 <= r[key] <= 2
    assert r["linear_regime_grad_spread_normalized"] <= 2
    # Weight-gradient variances are nearly layer-independent for both schemes.
    assert r["weight_grad_spread_standard"] < 1.5 and r["weight_grad_spread_normalized"] < 1.5
    # Sigmoid net: the top hidden layer saturates towards 0, the lower ones stay near 0.5.
    assert r["sigmoid_top_mean_end"] < 0.2 < 0.4 < r["sigmoid_top_mean_start"]
    assert min(r["sigmoid_lower_means_end"]) > 0.4


@pytest.mark.notebook
def test_ba_mimic_beats_hard_labels():
    """At equal budget the logit-mimicking student tests better than the hard-label student, near the teacher."""
    r, _, _ = run("ba2014deep")
    assert r["mimic_test_acc"] > r["hard_test_acc"] + 0.02
    assert r["teacher_test_acc"] > r["hard_test_acc"]
    assert abs(r["mimic_test_acc"] - r["teacher_test_acc"]) < 0.03
    assert r["student_params"] < r["teacher_params"]
    # The mechanism in this toy: the hard-label student memorizes wrong labels and overfits.
    assert r["hard_train_acc_noisy"] > r["mimic_train_acc_noisy"]
    assert r["hard_memorized"] > 2 * r["mimic_memorized"]
    assert r["hard_early_stopped_test_acc"] > r["hard_test_acc"]


@pytest.mark.notebook
def test_zhang_random_labels():
    """The same MLP fits true and random labels perfectly; with random labels it tests at chance."""
    r, _, _ = run("zhang2021understanding")
    assert r["true_train_acc"] >= 0.99 and r["random_train_acc"] >= 0.99
    assert abs(r["random_test_acc"] - 0.1) <= 0.1
    assert r["true_test_acc"] >= r["chance"] + 0.4
    accs = [r["test_acc_by_corruption"][q] for q in ("0.0", "0.25", "0.5", "0.75", "1.0")]
    assert accs == sorted(accs, reverse=True)
    steps = r["steps_to_fit_by_corruption"]
    assert all(s is not None for s in steps.values()) and steps["1.0"] > steps["0.0"]
    assert r["construction_residual"] < 1e-6 and r["construction_train_acc"] == 1.0


@pytest.mark.notebook
def test_li_landscape():
    """Trained weights are the grid minimum, interpolation ends lower than it starts, directions are filter-normalized."""
    r, _, _ = run("li2018visualizing")
    assert r["grid_argmin"] == [r["grid_centre_index"]] * 2
    assert r["grid_centre_loss"] <= r["grid_min_loss"] + 1e-12
    assert r["interp_loss_alpha1"] < r["interp_loss_alpha0"]
    assert r["row_norm_rel_error"] < 1e-9
    # Rescaling the layers keeps the function; only the filter-normalized plot is invariant.
    assert r["rescaled_same_function_max_diff"] < 1e-9
    assert r["rescaling_normalized_curve_gap"] < 1e-9 < 1.0 < r["rescaling_raw_curve_gap"]


@pytest.mark.notebook
def test_grimmer_long_steps():
    """Long-step patterns beat the constant step 1/L at equal T, and every gap respects its bound."""
    r, _, _ = run("grimmer2024provably")
    for t in ("3", "7", "127"):
        assert r["gap_long_T"][t] < r["gap_const_T"]
        assert r["long_below_const_at_all_cycle_ends"][t]
        assert r["long_max_ratio_paper_bound"][t] <= 1
        assert r["cycle_poly_max_abs"][t] <= 1 + 1e-12
    assert r["gap_long_T"]["127"] < r["gap_long_T"]["7"] < r["gap_long_T"]["3"]
    assert r["const_max_ratio_textbook"] <= 1 and r["const_max_ratio_tight"] <= 1
    assert r["gap_const_T"] <= r["tight_bound_T"] <= r["textbook_bound_T"]
    # avg(h) of each pattern equals the rate constant listed with it in the paper's Table 1.
    table = {"3": 2.6333, "7": 3.2, "15": 3.86, "31": 4.6032, "63": 5.2254, "127": 5.8346}
    for t, c in table.items():
        assert r["avg_h"][t] == pytest.approx(c, abs=1e-3)
    # The constant step 1/L is a descent method; the long steps are not.
    assert r["n_increases"]["1"] == 0 and r["n_increases"]["127"] > 0
