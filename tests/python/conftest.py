"""Shared fixtures of the analysis tests: one small run file, one small comparison file
(small-site against two variants of it), and their reports, made once per session.

The simulator is the binary named by SPIPSIM_BINARY (ctest sets it to the build's
spipsim), else build/spipsim of this source tree. Analysis runs under /usr/bin/python3,
the interpreter with Debian's numpy, pandas, h5py and matplotlib.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

SOURCE_DIR = Path(__file__).resolve().parents[2]
PYTHON = "/usr/bin/python3"
SCENARIO = SOURCE_DIR / "scenarios" / "small-site.toml"
TIMEOUT_S = 300


def spipsim_binary() -> Path:
    return Path(os.environ.get("SPIPSIM_BINARY", SOURCE_DIR / "build" / "spipsim"))


def analysis_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(SOURCE_DIR), env.get("PYTHONPATH", "")) if p)
    return env


def run_report(*args: str | os.PathLike[str]) -> subprocess.CompletedProcess[str]:
    """`python3 -m analysis.report ARGS`, as a user would run it."""
    return subprocess.run([PYTHON, "-m", "analysis.report", *map(str, args)],
                          env=analysis_env(), cwd=SOURCE_DIR, capture_output=True, text=True,
                          timeout=TIMEOUT_S)


def simulate(binary: Path, command: str, *args: str | os.PathLike[str]) -> None:
    """`spipsim COMMAND ARGS --quiet` from the source tree; fails the test if it fails."""
    done = subprocess.run([str(binary), command, *map(str, args), "--quiet"], cwd=SOURCE_DIR,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, f"spipsim {command} failed:\n{done.stderr}"


def make_report(results: Path, out: Path, *, no_warnings: bool = False) -> Path:
    """`python3 -m analysis.report RESULTS -o OUT`; fails the test on an error or traceback."""
    done = run_report(results, "-o", out)
    assert done.returncode == 0, f"analysis.report failed:\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    if no_warnings:
        assert "Warning" not in done.stderr, done.stderr
    return out


@pytest.fixture(scope="session")
def binary() -> Path:
    path = spipsim_binary()
    if not os.access(path, os.X_OK):
        pytest.fail(f"no spipsim binary at {path}: build it (make build) or set SPIPSIM_BINARY")
    return path


@pytest.fixture(scope="session")
def results_file(binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results") / "small-site.h5"
    simulate(binary, "run", SCENARIO, "--replicates", "2", "--years", "6", "--out", out)
    return out


@pytest.fixture(scope="session")
def report_dir(results_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_report(results_file, tmp_path_factory.mktemp("report"))


# Variants of small-site for the comparison: the shipped staffing-plus-25 and caseload-cap-60
# extend the French baseline (100 sites), too slow for a test.
VARIANTS = {
    "staff-plus-25": "Côte-d'Or with 25% more probation officers. Expect lower caseloads, "
                     "more contacts delivered, a higher officer cost.",
    "cap-60": "Côte-d'Or with a cap of 60 cases per community officer and today's staff. "
              "Expect caseloads at or under 60 and new cases waiting unallocated.",
}
VARIANT_SETTINGS = {
    "staff-plus-25": "[staffing]\nofficer_scale = 1.25\n",
    "cap-60": "[allocation]\ncaseload_cap = 60\n",
}


@pytest.fixture(scope="session")
def comparison_file(binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """small-site against staff-plus-25 and cap-60: 2 replicates, 2 years (a few seconds)."""
    folder = tmp_path_factory.mktemp("comparison")
    variants = []
    for name, description in VARIANTS.items():
        path = folder / f"{name}.toml"
        path.write_text(f'description = "{description}"\nextends = "{SCENARIO}"\n\n'
                        + VARIANT_SETTINGS[name], encoding="utf-8")
        variants.append(str(path))
    out = folder / "small-site-vs-variants.h5"
    simulate(binary, "compare", SCENARIO, *variants, "--replicates", "2", "--years", "2",
             "--out", out)
    return out


@pytest.fixture(scope="session")
def comparison_report_dir(comparison_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_report(comparison_file, tmp_path_factory.mktemp("comparison-report"))


# Two small sweep designs on small-site: a grid (6 points x 2 replicates) and a Sobol design
# (N = 4, 2 parameters: 16 points x 1 replicate), one simulated year each: a few seconds.
SWEEP_DESIGNS = {
    "grid": """description = "Staffing x digital admin savings on Cote-d'Or: a small grid."
scenario = "{scenario}"
method = "grid"
replicates = 2
outputs = ["contacts_delivered_ratio", "caseload_mean", "cost_total_per_year"]

[[parameter]]
name = "staffing.officer_scale"
values = [0.8, 1.0, 1.25]

[[parameter]]
name = "digital.admin_time_saved"
values = [0.0, 0.3]
""",
    "sobol": """description = "Staffing and RNR training on Cote-d'Or: a small Sobol design."
scenario = "{scenario}"
method = "sobol"
base_samples = 4
replicates = 1
bootstrap = 200
outputs = ["caseload_mean", "cost_total_per_year"]

[[parameter]]
name = "staffing.officer_scale"
min = 0.8
max = 1.3

[[parameter]]
name = "training.rnr_share"
min = 0.0
max = 1.0
""",
}


@pytest.fixture(scope="session", params=list(SWEEP_DESIGNS))
def sweep_file(request: pytest.FixtureRequest, binary: Path,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sweep file written by `spipsim sweep`, once per design of SWEEP_DESIGNS."""
    folder = tmp_path_factory.mktemp(f"sweep-{request.param}")
    design = folder / f"{request.param}.toml"
    design.write_text(SWEEP_DESIGNS[request.param].format(scenario=SCENARIO), encoding="utf-8")
    out = folder / f"{request.param}.h5"
    simulate(binary, "sweep", design, "--years", "1", "--out", out)
    return out


@pytest.fixture(scope="session")
def sweep_report_dir(sweep_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_report(sweep_file, tmp_path_factory.mktemp(f"{sweep_file.stem}-report"),
                       no_warnings=True)


# -- artefacts: files worth a look after the run (screenshots), listed at the end ---------


ARTEFACTS = pytest.StashKey[list]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[ARTEFACTS] = []


@pytest.fixture(scope="session")
def artefacts(request: pytest.FixtureRequest) -> list[Path]:
    """Append a path to have it printed in the terminal summary."""
    return request.config.stash[ARTEFACTS]


def pytest_terminal_summary(terminalreporter, exitstatus, config: pytest.Config) -> None:
    for path in config.stash.get(ARTEFACTS, []):
        terminalreporter.write_line(f"artefact: {path}")
