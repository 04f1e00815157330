"""The reports as a planner sees them: headless Chromium opens each kind's report.html (a
run, a comparison, a grid and a Sobol sweep) from disk; every figure must load, nothing may raise an error, and a
screenshot is kept for a human look."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from test_comparison_report import EXPECTED_COMPARISON_FIGURES
from test_report import EXPECTED_FIGURES, PNG_MAGIC
from test_sweep_report import expected_figures

CANDIDATES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]
TIMEOUT_S = 120

# Put first in <head> of a copy of the page: records errors (script errors, failed
# resources, console.error) and, once loaded, whether every image decoded, into <pre id=check>.
PROBE = """<script>
(function () {
  var errors = [];
  window.addEventListener("error", function (e) {
    errors.push(String(e.message || (e.target && (e.target.src || e.target.href)) || "error"));
  }, true);
  var original = console.error;
  console.error = function () {
    errors.push(Array.prototype.join.call(arguments, " "));
    original.apply(console, arguments);
  };
  window.addEventListener("load", function () {
    var images = Array.prototype.slice.call(document.images);
    var root = document.documentElement;
    var check = document.createElement("pre");
    check.id = "check";
    check.textContent = JSON.stringify({
      images: images.length,
      broken: images.filter(function (i) { return !(i.complete && i.naturalWidth > 0); })
                    .map(function (i) { return i.alt; }),
      errors: errors,
      overflow: root.scrollWidth > root.clientWidth
    });
    document.body.appendChild(check);
  });
})();
</script>"""


def find_chromium() -> str | None:
    for name in CANDIDATES:
        if path := shutil.which(name):
            return path
    return None


def chromium(browser: str, profile: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", "--window-size=1280,4000", *args],
        capture_output=True, text=True, timeout=TIMEOUT_S)


@pytest.fixture(scope="module")
def browser() -> str:
    path = find_chromium()
    if path is None:
        pytest.skip("no chromium on PATH (Debian package chromium; scripts/install-deps)")
    return path


@pytest.fixture(params=["run", "compare"])
def kind_report(request: pytest.FixtureRequest) -> tuple[str, Path, int]:
    """(kind, folder of its report, number of figures) for the run and comparison reports."""
    if request.param == "run":
        return "run", request.getfixturevalue("report_dir"), len(EXPECTED_FIGURES)
    return ("compare", request.getfixturevalue("comparison_report_dir"),
            len(EXPECTED_COMPARISON_FIGURES))


def check_in_browser(browser: str, report_dir: Path, figures: int, tmp_path: Path) -> None:
    source = (report_dir / "report.html").read_text(encoding="utf-8")
    probed = tmp_path / "report-probe.html"
    probed.write_text(source.replace("<head>", "<head>\n" + PROBE, 1), encoding="utf-8")
    done = chromium(browser, tmp_path / "profile", "--dump-dom", probed.as_uri())
    found = re.search(r'<pre id="check">(.*?)</pre>', done.stdout, re.S)
    assert found, f"the probe did not run (chromium exit {done.returncode}):\n{done.stderr[-2000:]}"
    check = json.loads(html.unescape(found.group(1)))
    assert check["images"] == figures
    assert check["broken"] == [], "images that did not load"
    assert check["errors"] == [], "errors while loading the page"
    assert not check["overflow"], "the page is wider than a 1280-pixel window"


def screenshot_of(browser: str, name: str, report_dir: Path, tmp_path: Path,
                  artefacts: list[Path]) -> None:
    screenshot = report_dir / "report-screenshot.png"
    done = chromium(browser, tmp_path / "profile", f"--screenshot={screenshot}",
                    (report_dir / "report.html").as_uri())
    assert done.returncode == 0, done.stderr[-2000:]
    data = screenshot.read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 50_000  # a blank page is a few KB
    artefacts.append(screenshot)
    print(f"{name} report screenshot: {screenshot}")


def test_every_image_loads_without_errors(browser: str, kind_report, tmp_path: Path):
    _, report_dir, figures = kind_report
    check_in_browser(browser, report_dir, figures, tmp_path)


def test_screenshot(browser: str, kind_report, tmp_path: Path, artefacts: list[Path]):
    kind, report_dir, _ = kind_report
    screenshot_of(browser, kind, report_dir, tmp_path, artefacts)


def test_sweep_report_in_browser(browser: str, sweep_file: Path, sweep_report_dir: Path,
                                 tmp_path: Path, artefacts: list[Path]):
    check_in_browser(browser, sweep_report_dir, len(expected_figures(sweep_file)), tmp_path)
    screenshot_of(browser, f"sweep ({sweep_file.stem})", sweep_report_dir, tmp_path, artefacts)
