"""Shared fixtures of the analysis tests: one small results file and its report per session.

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


@pytest.fixture(scope="session")
def binary() -> Path:
    path = spipsim_binary()
    if not os.access(path, os.X_OK):
        pytest.fail(f"no spipsim binary at {path}: build it (make build) or set SPIPSIM_BINARY")
    return path


@pytest.fixture(scope="session")
def results_file(binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("results") / "small-site.h5"
    done = subprocess.run([str(binary), "run", str(SCENARIO), "--replicates", "2", "--years",
                           "6", "--quiet", "--out", str(out)], cwd=SOURCE_DIR,
                          capture_output=True, text=True, timeout=TIMEOUT_S)
    assert done.returncode == 0, f"spipsim run failed:\n{done.stderr}"
    return out


@pytest.fixture(scope="session")
def report_dir(results_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report")
    done = run_report(results_file, "-o", out)
    assert done.returncode == 0, f"analysis.report failed:\n{done.stderr}"
    assert "Traceback" not in done.stderr
    return out


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
