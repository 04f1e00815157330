"""The report of a comparison file (``spipsim compare BASE VARIANT...``): PNG figures and one
self-contained report.html. Called by :mod:`analysis.report` (registered in its REPORTS).

The page opens with every scenario's description, the seed, replicates and spipsim
version; then the paired differences (forest plots, one per headline group), the survival
curves of every scenario, costs and the cost per reconviction avoided, the table of every
headline per scenario with the paired differences, and the resolved scenario texts.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from analysis import page
from analysis.formatting import format_difference, format_difference_interval, format_interval
from analysis.formatting import format_relative, format_value, is_share, shown_unit
from analysis.headlines import HEADLINE_GROUPS
from analysis.results import RATIO_METHODS, CostPerReconvictionAvoided, Results, ScenarioRun



def scenario_table(runs: list[ScenarioRun]) -> str:
    rows = [page.row([page.cell(run.name, cls="nowrap"), page.cell(run.role),
                      page.cell(" ".join(run.description.split()))], data_name=run.name)
            for run in runs]
    return page.table(["Scenario", "Role", "What it is and what it should show"], rows,
                      table_id="scenario-table")


def _groups(table: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(table["group"]))
    return [g for g in HEADLINE_GROUPS if g in present] + [g for g in present
                                                          if g not in HEADLINE_GROUPS]


def _own_interval(summary: pd.DataFrame, name: str, share: bool) -> str:
    """A scenario's own 95% interval of a headline (from its /summary); none for a figure
    that exists only in the comparison (the flow of reconvictions)."""
    row = summary[summary["name"] == name]
    if row.empty:
        return ""
    r = row.iloc[0]
    return "\n" + format_interval(r["lo"], r["hi"], share, replicates=int(r["n"]))


def _figure_rows(first: pd.DataFrame, columns: int, cells_of) -> list[str]:
    """Rows grouped by headline group: ``cells_of(i, share)`` gives the cells after Figure
    and Unit for row ``i`` of the comparison table."""
    rows = []
    for group in _groups(first):
        rows.append(page.group_row(group, columns))
        for i in first.index[first["group"] == group]:
            r = first.loc[i]
            share = is_share(r["unit"])
            rows.append(page.row([page.cell(r["label"], cls="label"),
                                  page.cell(shown_unit(r["unit"])), *cells_of(i, share)],
                                 data_name=r["name"]))
    return rows


def values_table(runs: list[ScenarioRun], comparisons: dict[str, pd.DataFrame]) -> str:
    """Every figure of every scenario: its mean and its own 95% interval."""
    summaries = {run.name: run.summary() for run in runs}
    variants = [run.name for run in runs[1:]]
    first = comparisons[variants[0]]

    def cells(i: int, share: bool) -> list[str]:
        name = first.loc[i, "name"]
        means = [(runs[0].name, first.loc[i, "base_mean"])]
        means += [(v, comparisons[v].loc[i, "variant_mean"]) for v in variants]
        return [page.cell(format_value(mean, share) + _own_interval(summaries[s], name, share),
                          numeric=True, cls="lines") for s, mean in means]

    head = ["Figure", "Unit", f"{runs[0].name} (base)", *variants]
    return page.table(head, _figure_rows(first, len(head), cells), table_id="values-table",
                      numeric_columns=range(2, len(head)),
                      caption="Each scenario: mean over replicates and its own 95% interval.")


def differences_table(comparisons: dict[str, pd.DataFrame]) -> str:
    """Every figure: each variant's paired difference with its interval, and the relative
    change."""
    variants = list(comparisons)
    first = comparisons[variants[0]]

    def cells(i: int, share: bool) -> list[str]:
        out = []
        for v in variants:
            c = comparisons[v].loc[i]
            out += [page.cell(format_difference(c["diff_mean"], share) + "\n"
                              + format_difference_interval(c["diff_lo"], c["diff_hi"], share,
                                                           replicates=int(c["n"])),
                              numeric=True, cls="lines"),
                    page.cell(format_relative(c["relative_change"]), numeric=True)]
        return out

    head = ["Figure", "Unit"]
    for v in variants:
        head += [f"{v} − base [95% CI]", "relative"]
    return page.table(head, _figure_rows(first, len(head), cells), table_id="differences-table",
                      numeric_columns=range(2, len(head)),
                      caption="Each variant − base: the mean of the paired differences "
                              "(replicate r against replicate r) and its 95% interval; shares "
                              "differ in percentage points (pp). Relative: the difference over "
                              "the base mean (n/a when that is 0).")


def cost_effectiveness_table(effects: dict[str, CostPerReconvictionAvoided],
                             replicates: int) -> str:
    """One row per variant; ``replicates``: of the comparison, for the intervals of the cost
    difference and of the reconvictions avoided (none from a single replicate)."""
    rows = []
    for variant, e in effects.items():
        ratio = format_difference(e.ratio.mean, sign=False)
        if math.isfinite(e.ratio.mean):
            ratio += "\n" + format_difference_interval(e.ratio.lo, e.ratio.hi, sign=False,
                                                       replicates=e.n)
        rows.append(page.row([
            page.cell(variant, cls="nowrap"),
            page.cell(format_difference(e.cost_difference.mean) + "\n"
                      + format_difference_interval(e.cost_difference.lo, e.cost_difference.hi,
                                                   replicates=replicates),
                      numeric=True, cls="lines"),
            page.cell(format_difference(e.avoided.mean) + "\n"
                      + format_difference_interval(e.avoided.lo, e.avoided.hi,
                                                   replicates=replicates),
                      numeric=True, cls="lines"),
            page.cell(ratio, numeric=True, cls="lines"),
            page.cell(str(e.n), numeric=True),
            page.cell(e.method_text),
        ], data_name=variant, data_method=e.method))
    return page.table(["Variant", "Extra cost (EUR/year) [95% CI]",
                       "Reconvictions avoided (people/year) [95% CI]",
                       "Cost per reconviction avoided (EUR) [95% CI]", "Replicates in the ratio",
                       "How it was estimated"], rows, table_id="cost-effectiveness-table",
                      numeric_columns={1, 2, 3, 4})


READING_NOTE = (
    "How to read: one row per figure, one colour per variant. A dot right of the line means the "
    "figure is higher in the variant than in the base, left lower; whether that is better "
    "depends on the figure (fewer reconvictions is better, a higher cost is worse). A filled "
    "dot: its 95% interval excludes no change. The x axis is relative, so that figures in "
    "different units can share it; the difference in each figure's own unit is on the right.")

COST_EFFECTIVENESS_NOTE = (
    "The cost per reconviction avoided is the variant's extra total cost per year over the "
    "number of reconvictions per year it avoids, both paired with the base replicate by "
    "replicate. Reconvictions count everyone at risk (not only people with an index date), "
    "since that is the flow a budget pays for. It has an interval only when every replicate "
    "avoided some reconvictions; when one avoided none, a ratio per replicate would blow up, "
    "so the report gives the ratio of the means without an interval; when the variant avoids "
    "none on average, the figure is not meaningful and is not given. A negative value means "
    "the variant both saves money and avoids reconvictions. Methods: "
    + "; ".join(f"{key.replace('_', ' ')}: {text}" for key, text in RATIO_METHODS.items()) + ".")


def comparison_report(results: Results, out_dir: Path) -> Path:
    """Writes the PNG figures and report.html of a comparison file into out_dir."""
    from analysis import comparison_plots as plots  # matplotlib: only once the file is good

    runs = results.scenarios()
    names = [run.name for run in runs]
    variants = names[1:]
    comparisons = {v: results.comparison(v) for v in variants}
    effects = {v: results.cost_per_reconviction_avoided(v) for v in variants}
    summaries = {run.name: run.summary() for run in runs}
    colours = plots.scenario_colours(names)

    figures: list[tuple[str, str]] = []  # (section id, <figure> html)

    def add(section: str, chart, note: str | None = None) -> None:
        png = chart.png()
        (out_dir / f"{chart.name}.png").write_bytes(png)
        figures.append((section, page.figure(chart, png, note)))

    first = comparisons[variants[0]]
    for group in _groups(first):
        add("differences", plots.forest_chart(
            group, {v: t[t["group"] == group] for v, t in comparisons.items()}, colours))
    add("recidivism", plots.survival_comparison_chart(
        {run.name: run.survival() for run in runs},
        {run.name: run.survival_monthly() for run in runs}, comparisons, summaries, colours),
        note="Top: the share NOT yet reconvicted; cumulative reconviction is 100% minus it. "
             "Its bands treat people as independent. Bottom: the difference of the mean "
             "curves over replicates; the points are the paired differences of the table, with "
             "their intervals, which are the ones to judge a change by.")
    add("costs", plots.costs_scenarios_chart(summaries))
    add("costs", plots.cost_difference_chart(comparisons, colours))
    add("costs", plots.cost_effectiveness_chart(effects, colours))

    def of(section: str) -> list[str]:
        return [html for s, html in figures if s == section]

    sections = [
        ("differences", "What changes: paired differences",
         [f'<p class="note">{page.escape(READING_NOTE)} Method: '
          f'{page.escape(first.attrs["meta"].get("method", ""))}.</p>',
          *of("differences")]),
        ("recidivism", "Time to reconviction", of("recidivism")),
        ("costs", "Costs and cost per reconviction avoided",
         [*of("costs"), f'<p class="note">{page.escape(COST_EFFECTIVENESS_NOTE)}</p>',
          cost_effectiveness_table(effects, int(results.manifest.get("replicates", 0)))]),
        ("headline", "Every figure, per scenario", [values_table(runs, comparisons)]),
        ("differences-table", "Every figure, paired differences", [differences_table(comparisons)]),
        ("scenarios", "Scenario texts",
         [f"<details><summary>{page.escape(run.name)}: the resolved scenario (this text alone "
          f"reproduces the run)</summary><pre>{page.escape(run.scenario_text)}</pre></details>"
          for run in runs]),
    ]
    title = f"{names[0]} against {', '.join(variants)}"
    body = [
        f"<header><h1>{page.escape(title)}<small>spipsim comparison report</small></h1>",
        scenario_table(runs),
        page.definition_list(page.manifest_items(
            results.manifest, results.path,
            [("Base", names[0]), ("Variants", ", ".join(variants))])),
        "</header>",
        page.contents((i, t) for i, t, _ in sections),
        *(page.section(i, t, content) for i, t, content in sections),
        page.footer(results.path),
    ]
    html_path = out_dir / page.HTML_NAME
    html_path.write_text(page.document(f"spipsim comparison: {title}", body), encoding="utf-8")
    return html_path
