"""The comparison report (`spipsim compare` files): every figure, self-contained HTML whose
numbers equal the file's (each scenario's means and intervals, the paired differences,
the cost per reconviction avoided), the reader API, and bad input."""

from __future__ import annotations

import base64
import math
import re
import shutil
import subprocess
from pathlib import Path

import h5py
import pytest

from conftest import TIMEOUT_S, VARIANTS, run_report
from report_html import ReportPage
from test_report import PNG_MAGIC, _assert_one_line_error, expected_interval, expected_value
from test_report import read_table

EXPECTED_COMPARISON_FIGURES = [
    "differences_recidivism",
    "differences_reintegration",
    "differences_workload",
    "differences_costs",
    "reconviction_survival_scenarios",
    "costs_per_year",
    "cost_differences",
    "cost_per_reconviction_avoided",
]
BASE = "small-site"


# Written out here, like expected_value, so that a change of format is a change of test:
# differences as the console prints them (sim/app/console/comparison_printer.cpp).
def expected_signed(value: float, share: bool, sign: bool = True) -> str:
    if not math.isfinite(value):
        return "n/a"
    text = expected_value(value * 100 if share else value, False)
    return "+" + text if sign and value > 0 else text


def expected_difference(mean: float, lo: float, hi: float, n: int, share: bool,
                        sign: bool = True) -> str:
    text = expected_signed(mean, share, sign) + (" pp" if share and math.isfinite(mean) else "")
    if n < 2 or not (math.isfinite(lo) and math.isfinite(hi)):
        return text + "\n[-, -]"
    return f"{text}\n[{expected_signed(lo, share, sign)}, {expected_signed(hi, share, sign)}]"


def expected_relative(value: float) -> str:
    return "n/a" if not math.isfinite(value) else "%+.1f%%" % (value * 100)


@pytest.fixture(scope="module")
def page(comparison_report_dir: Path) -> ReportPage:
    return ReportPage((comparison_report_dir / "report.html").read_text(encoding="utf-8"))


# -- figures and page ---------------------------------------------------------------------


def test_the_file_is_a_comparison_of_the_expected_scenarios(comparison_file: Path):
    with h5py.File(comparison_file, "r") as f:
        assert f.attrs["spipsim_kind"] == "compare"
    scenarios = read_table(comparison_file, "/scenario_list")
    assert scenarios["name"] == [BASE, *VARIANTS]
    assert scenarios["role"] == ["base"] + ["variant"] * len(VARIANTS)


@pytest.mark.parametrize("name", EXPECTED_COMPARISON_FIGURES)
def test_figure_is_written_as_png(comparison_report_dir: Path, name: str):
    path = comparison_report_dir / f"{name}.png"
    assert path.is_file(), f"{name}.png missing from {comparison_report_dir}"
    data = path.read_bytes()
    assert len(data) > 1000 and data.startswith(PNG_MAGIC)


def test_html_embeds_every_figure_and_fetches_nothing(comparison_report_dir: Path,
                                                      page: ReportPage):
    html = (comparison_report_dir / "report.html").read_text(encoding="utf-8")
    assert not re.search(r'(src|href)="(https?:)?//', html), "the report must be self-contained"
    assert "<script" not in html
    assert len(page.images) == len(EXPECTED_COMPARISON_FIGURES)
    embedded = {base64.b64decode(img["src"].split(",", 1)[1]) for img in page.images}
    for name in EXPECTED_COMPARISON_FIGURES:
        assert (comparison_report_dir / f"{name}.png").read_bytes() in embedded, name


def test_every_figure_has_a_title_and_a_one_line_caption(page: ReportPage):
    assert len(page.captions) == len(EXPECTED_COMPARISON_FIGURES)
    for caption in page.captions:
        title, _, text = caption.partition(". ")
        assert title and len(text) > 30, caption
        assert "\n" not in caption


def test_report_opens_with_scenarios_seed_replicates_and_version(comparison_file: Path,
                                                                 page: ReportPage):
    with h5py.File(comparison_file, "r") as f:
        m = dict(f["/manifest"].attrs)
    scenarios = read_table(comparison_file, "/scenario_list")
    assert page.h1.startswith(f"{BASE} against {', '.join(VARIANTS)}")
    rows = {r.attrs["data-name"]: r.cells for r in page.tables["scenario-table"]
            if "data-name" in r.attrs}
    assert list(rows) == scenarios["name"]
    for name, role, description in zip(scenarios["name"], scenarios["role"],
                                       scenarios["description"]):
        assert rows[name] == [name, role, " ".join(description.split())]
    assert page.manifest["Seed"] == str(m["seed"])
    assert page.manifest["Replicates"] == str(m["replicates"]) == "2"
    assert page.manifest["Years observed"] == "%g" % m["years"]
    assert page.manifest["spipsim version"] == m["spipsim_version"]
    assert page.manifest["Git revision"] == m["git_revision"]


# -- numbers ------------------------------------------------------------------------------


def _rows(page: ReportPage, table_id: str) -> dict[str, list[str]]:
    return {r.attrs["data-name"]: r.cells for r in page.tables[table_id]
            if "data-name" in r.attrs}


def test_values_table_equals_the_file(comparison_file: Path, page: ReportPage):
    names = [BASE, *VARIANTS]
    summaries = {n: read_table(comparison_file, f"/scenarios/{n}/summary") for n in names}
    comparisons = {v: read_table(comparison_file, f"/comparison/{v}") for v in VARIANTS}
    first = comparisons[next(iter(VARIANTS))]
    rows = _rows(page, "values-table")
    # One row per figure of /comparison; the flow of reconvictions, last in the file, is
    # shown with the other recidivism figures.
    assert sorted(rows) == sorted(first["name"])
    assert list(rows).index("reconvictions_per_year") < list(rows).index("employed_12m")
    assert len(rows) == len(summaries[BASE]["name"]) + 1  # the headlines and the flow

    def own(scenario: str, name: str, mean: float, share: bool) -> str:
        summary = summaries[scenario]
        text = expected_value(mean, share)
        if name not in summary["name"]:  # reconvictions_per_year: only in the comparison
            return text
        i = summary["name"].index(name)
        assert summary["mean"][i] == mean or (math.isnan(mean) and math.isnan(summary["mean"][i]))
        return text + "\n" + expected_interval(summary["lo"][i], summary["hi"][i],
                                               summary["n"][i], share)

    for i, name in enumerate(first["name"]):
        cells = rows[name]
        share = first["unit"][i] == "share"
        assert cells[0] == first["label"][i]
        assert cells[1] == ("%" if share else first["unit"][i])
        assert cells[2] == own(BASE, name, first["base_mean"][i], share), name
        for k, v in enumerate(VARIANTS):
            assert comparisons[v]["name"][i] == name
            assert cells[3 + k] == own(v, name, comparisons[v]["variant_mean"][i], share), (v, name)


def test_differences_table_equals_the_file(comparison_file: Path, page: ReportPage):
    comparisons = {v: read_table(comparison_file, f"/comparison/{v}") for v in VARIANTS}
    first = comparisons[next(iter(VARIANTS))]
    rows = _rows(page, "differences-table")
    assert sorted(rows) == sorted(first["name"])
    for i, name in enumerate(first["name"]):
        cells = rows[name]
        share = first["unit"][i] == "share"
        assert cells[:2] == [first["label"][i], "%" if share else first["unit"][i]]
        for k, v in enumerate(VARIANTS):
            c = comparisons[v]
            difference, relative = cells[2 + 2 * k: 4 + 2 * k]
            assert difference == expected_difference(c["diff_mean"][i], c["diff_lo"][i],
                                                     c["diff_hi"][i], c["n"][i], share), (v, name)
            assert relative == expected_relative(c["relative_change"][i]), (v, name)


def test_cost_effectiveness_table_equals_the_file(comparison_file: Path, page: ReportPage):
    rows = {r.attrs["data-name"]: r for r in page.tables["cost-effectiveness-table"]
            if "data-name" in r.attrs}
    assert list(rows) == list(VARIANTS)
    with h5py.File(comparison_file, "r") as f:
        for v in VARIANTS:
            a = dict(f[f"/comparison/{v}"].attrs)
            row = rows[v]
            assert row.attrs["data-method"] == a["cost_per_reconviction_avoided_method"]
            assert row.cells[1] == expected_difference(
                a["cost_difference_per_year"], a["cost_difference_per_year_lo"],
                a["cost_difference_per_year_hi"], 2, False)
            assert row.cells[2] == expected_difference(
                a["reconvictions_avoided_per_year"], a["reconvictions_avoided_per_year_lo"],
                a["reconvictions_avoided_per_year_hi"], 2, False)
            ratio = a["cost_per_reconviction_avoided"]
            if math.isfinite(ratio):
                assert row.cells[3] == expected_difference(
                    ratio, a["cost_per_reconviction_avoided_lo"],
                    a["cost_per_reconviction_avoided_hi"], a["cost_per_reconviction_avoided_n"],
                    False, sign=False)
            else:
                assert row.cells[3] == "n/a"
                assert "not meaningful" in row.cells[5]
            assert row.cells[4] == str(a["cost_per_reconviction_avoided_n"])


def test_reader_returns_scenarios_and_comparisons(comparison_file: Path):
    from analysis.results import open_results

    with open_results(comparison_file) as results:
        assert results.kind == "compare"
        runs = results.scenarios()
        assert [r.name for r in runs] == [BASE, *VARIANTS]
        assert [r.role for r in runs] == ["base"] + ["variant"] * len(VARIANTS)
        assert results.variants() == list(VARIANTS)
        assert "reconviction_1y" in list(runs[1].summary()["name"])
        assert runs[2].survival().attrs["meta"]["method"].startswith("Kaplan-Meier")
        assert runs[0].persons() is None
        table = results.comparison(list(VARIANTS)[0])
        assert list(table.columns[:10]) == ["name", "label", "unit", "base_mean", "variant_mean",
                                            "diff_mean", "diff_lo", "diff_hi", "relative_change",
                                            "n"]
        assert set(table["group"]) == {"Recidivism", "Reintegration", "Workload", "Costs"}
        assert table.set_index("name").loc["reconvictions_per_year", "group"] == "Recidivism"
        defined = table[table["relative_change"].notna() & table["diff_lo"].notna()]
        assert (defined["relative_lo"] <= defined["relative_change"] + 1e-12).all()
        assert (defined["relative_change"] <= defined["relative_hi"] + 1e-12).all()
        effect = results.cost_per_reconviction_avoided(list(VARIANTS)[0])
        assert effect.method in ("per_replicate", "ratio_of_means", "no_reconvictions_avoided")
        assert effect.n <= 2


# -- bad input ----------------------------------------------------------------------------


def test_incomplete_comparison_is_one_line_and_exit_2(comparison_file: Path, tmp_path: Path):
    partial = tmp_path / "partial.h5"
    shutil.copy(comparison_file, partial)
    with h5py.File(partial, "a") as f:
        f.attrs["complete"] = 0
    done = run_report(partial, "-o", tmp_path / "out")
    _assert_one_line_error(done, "incomplete")
    assert not (tmp_path / "out" / "report.html").exists()


@pytest.mark.parametrize("damage", ["/scenario_list", "/comparison/cap-60", "/scenarios/cap-60"])
def test_damaged_comparison_is_one_line_and_exit_2(comparison_file: Path, tmp_path: Path,
                                                   damage: str):
    damaged = tmp_path / "damaged.h5"
    shutil.copy(comparison_file, damaged)
    with h5py.File(damaged, "a") as f:
        del f[damage]
    done = run_report(damaged, "-o", tmp_path / "out")
    _assert_one_line_error(done, "damaged")
    assert not (tmp_path / "out" / "report.html").exists()


def test_spipsim_report_subcommand_on_a_comparison(binary: Path, comparison_file: Path,
                                                   tmp_path: Path):
    done = subprocess.run([str(binary), "report", str(comparison_file), "-o", str(tmp_path)],
                          capture_output=True, text=True, timeout=TIMEOUT_S, cwd="/")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.html").stat().st_size > 0
    assert (tmp_path / "cost_per_reconviction_avoided.png").stat().st_size > 0
