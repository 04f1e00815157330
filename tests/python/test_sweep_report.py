"""The sweep report (`spipsim sweep` files, a grid and a Sobol design): one figure per output
of interest (responses for a grid, Sobol indices for a Sobol design), self-contained HTML
whose numbers equal the file's, the reader API, and shard files refused."""

from __future__ import annotations

import base64
import math
import shutil
from pathlib import Path

import h5py
import pytest

from conftest import run_report
from report_html import ReportPage
from test_report import PNG_MAGIC, _assert_one_line_error, expected_interval, expected_value
from test_report import read_table


def _manifest(path: Path) -> dict:
    with h5py.File(path, "r") as f:
        return dict(f["/manifest"].attrs)


def expected_figures(sweep_file: Path) -> list[str]:
    outputs = read_table(sweep_file, "/design/outputs")
    prefix = "sobol" if _manifest(sweep_file)["method"] == "sobol" else "response"
    return [f"{prefix}_{name}" for name, wanted in zip(outputs["name"], outputs["of_interest"])
            if wanted == 1]


@pytest.fixture(scope="module")
def page(sweep_report_dir: Path) -> ReportPage:
    return ReportPage((sweep_report_dir / "report.html").read_text(encoding="utf-8"))


def test_every_figure_is_written_and_embedded(sweep_file: Path, sweep_report_dir: Path,
                                              page: ReportPage):
    names = expected_figures(sweep_file)
    assert names, "the design has outputs of interest"
    embedded = {base64.b64decode(img["src"].split(",", 1)[1]) for img in page.images}
    assert len(page.images) == len(names)
    for name in names:
        data = (sweep_report_dir / f"{name}.png").read_bytes()
        assert len(data) > 1000 and data.startswith(PNG_MAGIC)
        assert data in embedded, name
    assert len(page.captions) == len(names)
    for caption in page.captions:
        title, _, text = caption.partition(". ")
        assert title and len(text) > 30 and "\n" not in caption, caption


def test_report_opens_with_design_seed_replicates_and_version(sweep_file: Path,
                                                              page: ReportPage):
    m = _manifest(sweep_file)
    assert page.h1.startswith(m["design_name"])
    assert page.manifest["Method"] == m["method"]
    assert page.manifest["Points"] == str(m["points"])
    assert page.manifest["Seed"] == str(m["seed"])
    assert page.manifest["Replicates"] == str(m["replicates"])
    assert page.manifest["spipsim version"] == m["spipsim_version"]


def test_points_table_equals_the_file(sweep_file: Path, page: ReportPage):
    points = read_table(sweep_file, "/design/points")
    results = read_table(sweep_file, "/results/points")
    outputs = read_table(sweep_file, "/design/outputs")
    parameters = read_table(sweep_file, "/design/parameters")["name"]
    wanted = [(n, u) for n, u, w in zip(outputs["name"], outputs["unit"], outputs["of_interest"])
              if w == 1]
    rows = [r for r in page.tables["points-table"] if "data-point" in r.attrs]
    assert [int(r.attrs["data-point"]) for r in rows] == points["point"]
    at = {(p, o): i for i, (p, o) in enumerate(zip(results["point"], results["output"]))}
    for row, point in zip(rows, points["point"]):
        i = points["point"].index(point)
        for cell, name in zip(row.cells[1:], parameters):
            assert cell == expected_value(points[name][i], False), (point, name)
        for cell, (name, unit) in zip(row.cells[1 + len(parameters):], wanted):
            j = at[(point, name)]
            share = unit == "share"
            assert cell == (expected_value(results["mean"][j], share) + "\n" + expected_interval(
                results["low"][j], results["high"][j], results["n"][j], share)), (point, name)


def test_sobol_table_equals_the_file(sweep_file: Path, page: ReportPage):
    if _manifest(sweep_file)["method"] != "sobol":
        assert "sobol-table" not in page.tables
        return
    indices = read_table(sweep_file, "/sensitivity/sobol")
    rows = [r for r in page.tables["sobol-table"] if "data-output" in r.attrs]
    assert [(r.attrs["data-output"], r.attrs["data-parameter"]) for r in rows] == list(
        zip(indices["output"], indices["parameter"]))
    for i, row in enumerate(rows):
        for cell, column in zip(row.cells[2:], ("first", "total")):
            value, lo, hi = (indices[column + s][i] for s in ("", "_low", "_high"))
            assert cell == expected_value(value, False) + "\n" + expected_interval(
                lo, hi, 2, False), (i, column)


def test_reader_returns_the_design_and_results(sweep_file: Path):
    from analysis.results import open_results

    with open_results(sweep_file) as results:
        assert results.kind == "sweep"
        parameters = results.design_parameters()
        points = results.design_points()
        assert set(parameters["name"]) <= set(points.columns)
        assert len(points) == results.manifest["points"]
        assert {"point", "output", "mean", "low", "high", "n"} <= set(results.point_results())
        indices = results.sobol_indices()
        assert (indices is not None) == (results.manifest["method"] == "sobol")
        if indices is not None:
            finite = indices[indices["total"].notna()]
            assert ((finite["total_low"] <= finite["total"] + 1e-12) | finite["total_low"].isna()
                    ).all()
            assert not math.isnan(finite["total"].sum())


def test_a_shard_is_refused_in_one_line(sweep_file: Path, tmp_path: Path):
    shard = tmp_path / "shard.h5"
    shutil.copy(sweep_file, shard)
    with h5py.File(shard, "a") as f:
        f.attrs["spipsim_kind"] = "sweep_shard"
    done = run_report(shard, "-o", tmp_path / "out")
    _assert_one_line_error(done, "kind 'sweep_shard'")
