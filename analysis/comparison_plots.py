"""The figures of a comparison report (``spipsim compare``), each returning a
:class:`analysis.plots.Chart`. Like :mod:`analysis.plots`, functions take tables (the
DataFrames of :mod:`analysis.results`), never a file.

Scenarios keep one colour throughout the report: the base is grey, variant k takes
``PALETTE[k]``, so a planner can follow a scenario from figure to figure.
"""

from __future__ import annotations

import math
from typing import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.transforms import offset_copy

from analysis.formatting import format_difference, format_difference_interval, format_percent
from analysis.formatting import format_relative, format_value, is_share
from analysis.plots import DAYS_PER_MONTH, PALETTE, Chart, _error, _figure, _style, costs_chart
from analysis.results import CostPerReconvictionAvoided

BASE_COLOUR = "#5f6b7a"
FOREST_LIMIT_PERCENT = 100.0
"""Relative changes beyond ±100% are drawn as an arrow at the edge with the change written
beside it (and the difference in its unit on the right), so that one huge change (a wait
that was short in the base) does not flatten all the others."""


def scenario_colours(names: list[str]) -> dict[str, str]:
    """Base (first) grey, then the variants in palette order."""
    return {name: BASE_COLOUR if i == 0 else PALETTE[(i - 1) % len(PALETTE)]
            for i, name in enumerate(names)}


def _absolute_text(row) -> str:
    share = is_share(row.unit)
    text = (f"{format_difference(row.diff_mean, share)} "
            f"{format_difference_interval(row.diff_lo, row.diff_hi, share, int(row.n))}")
    return text if share else f"{text} {row.unit}"


def _clear(row) -> bool:
    """The paired interval excludes 0 (with at least two replicates: with one, lo = hi)."""
    lo, hi = row.diff_lo, row.diff_hi
    return int(row.n) >= 2 and math.isfinite(lo) and math.isfinite(hi) and (lo > 0 or hi < 0)


def forest_chart(group: str, comparisons: Mapping[str, pd.DataFrame],
                 colours: Mapping[str, str]) -> Chart:
    """Paired differences (variant - base) of one headline group, as a percentage of the
    base value with 95% intervals; each row's difference in its own unit written beside it.

    ``comparisons``: variant -> the rows of :meth:`Results.comparison` in this group."""
    variants = list(comparisons)
    first = comparisons[variants[0]]
    rows, k_count = len(first), len(variants)
    step = min(0.3, 0.75 / k_count)
    figure, axes = _figure((10.0, 1.5 + rows * (0.14 + 0.22 * k_count)))
    reach = [abs(v) for t in comparisons.values()
             for v in np.concatenate([t["relative_lo"], t["relative_hi"], t["relative_change"]])
             if math.isfinite(v)]
    limit = min(max(max(reach, default=0.0) * 100 * 1.1, 1.0), FOREST_LIMIT_PERCENT)
    axes.axvline(0, color="#333d48", linewidth=0.9)
    for k, variant in enumerate(variants):
        colour = colours[variant]
        for i, r in enumerate(comparisons[variant].itertuples(index=False)):
            y = rows - 1 - i + ((k_count - 1) / 2 - k) * step
            axes.annotate(_absolute_text(r), (1.035, y), xycoords=("axes fraction", "data"),
                          va="center", ha="left", fontsize=8, color=colour)
            if not math.isfinite(r.relative_change):
                axes.annotate("base is 0: no % change" if r.base_mean == 0
                              else "n/a: no replicate defines it" if int(r.n) == 0 else "undefined",
                              (0, y), xytext=(4, 0), textcoords="offset points", va="center",
                              fontsize=7.5, color="#5f6b7a")
                continue
            value, lo, hi = (100 * v for v in (r.relative_change, r.relative_lo, r.relative_hi))
            if math.isfinite(lo) and math.isfinite(hi) and int(r.n) >= 2:
                axes.plot([max(lo, -limit), min(hi, limit)], [y, y], color=colour, linewidth=1.6,
                          solid_capstyle="butt")
                for end, edge, marker in ((lo, -limit, "<"), (hi, limit, ">")):
                    if (end < edge) if edge < 0 else (end > edge):
                        axes.plot([edge], [y], marker=marker, color=colour, markersize=6,
                                  clip_on=False)
            filled = _clear(r)
            face = colour if filled else "white"
            if abs(value) <= limit:
                axes.plot([value], [y], "o", markersize=6.5, color=colour, markerfacecolor=face,
                          markeredgewidth=1.5)
                continue
            # Off the scale: an arrow at the edge, and the relative change written beside it.
            edge = math.copysign(limit, value)
            axes.plot([edge], [y], ">" if value > 0 else "<", markersize=8, color=colour,
                      markerfacecolor=face, markeredgewidth=1.5, clip_on=False)
            axes.annotate(format_relative(r.relative_change), (edge, y),
                          xytext=(-9 if value > 0 else 9, 5), textcoords="offset points",
                          ha="right" if value > 0 else "left", va="bottom", fontsize=7.5,
                          color=colour)
    axes.annotate("Difference in the figure's unit\n[95% interval]", (1.035, 1.0),
                  xycoords="axes fraction", va="bottom", ha="left", fontsize=8, color="#333d48")
    axes.set_yticks(range(rows), list(first["label"])[::-1])
    axes.set_ylabel("Figure (as in the tables)")
    axes.set_ylim(-0.7, rows - 0.3)
    axes.set_xlim(-limit, limit)
    decimals = 0 if limit >= 10 else 1 if limit >= 1 else 2
    axes.xaxis.set_major_formatter(lambda x, _: f"{x:+.{decimals}f}%" if round(x, decimals) else "0")
    axes.set_xlabel("Change from the base, in % of the base value (variant − base, 95% interval)")
    _style(axes, "x")
    handles = [Line2D([], [], marker="o", linestyle="-", color=colours[v], label=v)
               for v in variants]
    handles += [Line2D([], [], marker="o", linestyle="", color="#333d48", label=label,
                       markerfacecolor=face)
                for label, face in (("interval excludes no change", "#333d48"),
                                    ("interval includes no change", "white"))]
    # Under the x label: above the axes it would run into the header of the right column.
    axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), frameon=False,
                bbox_transform=offset_copy(axes.transAxes, figure, y=-34, units="points"),
                ncols=min(len(handles), 4), fontsize=8.5)
    title = f"{group}: change from the base"
    figure.suptitle(title)
    caption = (f"Each variant minus the base for every {group.lower()} figure, in % of the base "
               "value with its 95% paired interval (same people in both runs); the difference in "
               "the figure's own unit is written on the right (pp: percentage points)"
               + _largest_change(comparisons) + ".")
    return Chart(f"differences_{group.lower()}", title, caption, figure)


def _largest_change(comparisons: Mapping[str, pd.DataFrame]) -> str:
    best = None
    for variant, table in comparisons.items():
        for r in table.itertuples(index=False):
            if _clear(r) and math.isfinite(r.relative_change):
                if best is None or abs(r.relative_change) > abs(best[1].relative_change):
                    best = (variant, r)
    if best is None:
        return "; no change is clear of its interval"
    variant, r = best
    share = is_share(r.unit)
    absolute = format_difference(r.diff_mean, share) + ("" if share else f" {r.unit}")
    return (f"; largest clear change: {r.label.lower()}, {format_relative(r.relative_change)} "
            f"({absolute}) in {variant}")


RECONVICTION_HORIZONS = {"reconviction_1y": 12, "reconviction_2y": 24, "reconviction_3y": 36,
                         "reconviction_5y": 60}
"""Comparison rows that are points of the cumulative reconviction curve, and their month."""


def survival_comparison_chart(curves: Mapping[str, pd.DataFrame],
                              monthly: Mapping[str, pd.DataFrame],
                              comparisons: Mapping[str, pd.DataFrame],
                              summaries: Mapping[str, pd.DataFrame],
                              colours: Mapping[str, str]) -> Chart:
    """Top: every scenario's pooled Kaplan-Meier curve of time to reconviction with its
    band. Bottom: each variant's difference from the base in cumulative reconviction
    (percentage points), month by month (difference of the per-replicate mean curves),
    with the paired 95% intervals of the comparison at 1, 2, 3 and 5 years."""
    figure = Figure(figsize=(9.0, 7.4), layout="constrained")
    top, bottom = figure.subplots(2, 1, sharex=True, gridspec_kw={"height_ratios": [2.0, 1.3]})
    lowest, longest = 100.0, 1.0
    for i, (name, survival) in enumerate(curves.items()):
        months = np.concatenate([[0.0], survival["time"].to_numpy() / DAYS_PER_MONTH])
        curve, lo, hi = (np.concatenate([[1.0], survival[c].to_numpy()]) * 100
                         for c in ("survival", "lo", "hi"))
        colour = colours[name]
        top.fill_between(months, lo, hi, step="post", color=colour, alpha=0.18, linewidth=0)
        top.step(months, curve, where="post", color=colour, linewidth=1.6,
                 linestyle="-" if i == 0 else "--", label=f"{name}{' (base)' if i == 0 else ''}")
        if np.isfinite(lo).any():
            lowest = min(lowest, np.nanmin(lo))
        longest = max(longest, months[-1])
    top.plot([], [], color="#9aa5b1", linewidth=6, alpha=0.4, label="95% Greenwood band")
    # Zoomed on the curves: differences between scenarios are a few points at most.
    top.set_ylim(max(0.0, math.floor(lowest / 10) * 10 - 5), 100)
    top.set_ylabel("People not yet reconvicted (%)")
    top.set_title("Share not yet reconvicted (Kaplan–Meier, people of all replicates pooled)",
                  fontsize=10)
    top.legend(loc="lower left", frameon=False, fontsize=9)
    _style(top)

    names = list(curves)
    base = monthly[names[0]].set_index("month")["mean"]
    longest = max(longest, float(base.dropna().index.max()) if base.notna().any() else 0.0)
    bottom.axhline(0, color="#333d48", linewidth=0.9)
    for k, variant in enumerate(names[1:]):
        colour = colours[variant]
        shift = (k - (len(names) - 2) / 2) * 0.6  # side by side at the same horizon
        mean = monthly[variant].set_index("month")["mean"]
        difference = ((base - mean) * 100).dropna()  # 1 - S: more reconviction is positive
        bottom.plot(difference.index, difference.to_numpy(), color=colour, linewidth=1.4,
                    label=f"{variant} − base")
        table = comparisons[variant].set_index("name")
        for name, month in RECONVICTION_HORIZONS.items():
            if name not in table.index or month > longest:
                continue
            r = table.loc[name]
            if math.isfinite(r["diff_mean"]):
                value = np.array([r["diff_mean"] * 100])
                bottom.errorbar([month + shift], value, yerr=_error(value, np.array([r["diff_lo"] * 100]),
                                                            np.array([r["diff_hi"] * 100])),
                                fmt="o", color=colour, markersize=4.5, capsize=3)
    bottom.errorbar([], [], yerr=[], fmt="o", color="#333d48", markersize=4.5, capsize=3,
                    label="paired difference at 1, 2, 3, 5 years, 95% interval")
    bottom.set_ylabel("Difference in reconvicted\n(percentage points)")
    bottom.set_title("Variant − base: share reconvicted (below 0: fewer reconvictions)",
                     fontsize=10)
    bottom.legend(loc="best", frameon=False, fontsize=8.5)
    _style(bottom)
    bottom.set_xlim(0, longest + 1)
    bottom.set_xticks(np.arange(0, longest + 1, 12 if longest > 30 else 3))
    bottom.set_xlabel("Months since release from prison or start of the community measure")
    title = "Time to reconviction, every scenario"
    figure.suptitle(title)
    at_year = []
    for name, summary in summaries.items():
        row = summary[summary["name"] == "reconviction_1y"]
        if not row.empty and math.isfinite(row["mean"].iloc[0]):
            at_year.append(f"{name} {format_percent(row['mean'].iloc[0])}")
    caption = ("Share of people not yet reconvicted by time since release or measure start, one "
               "curve per scenario (the y axis does not start at 0), and below, how many points "
               "more or fewer are reconvicted in each variant"
               + (f"; reconvicted within 1 year: {', '.join(at_year)}" if at_year else "") + ".")
    return Chart("reconviction_survival_scenarios", title, caption, figure)


def _euro_scale(values: list[float]) -> tuple[float, str]:
    largest = max((abs(v) for v in values if math.isfinite(v)), default=0.0)
    return (1e6, "million EUR") if largest >= 1e6 else (1e3, "thousand EUR")


def cost_difference_chart(comparisons: Mapping[str, pd.DataFrame],
                          colours: Mapping[str, str]) -> Chart:
    """Paired difference of each cost line, variant - base, in EUR per year with 95%
    intervals; the total last."""
    variants = list(comparisons)
    first = comparisons[variants[0]]
    costs = first[first["group"] == "Costs"]
    names = list(costs["name"])
    labels = list(costs["label"])
    scale, unit = _euro_scale([v for t in comparisons.values()
                               for v in t.loc[t["group"] == "Costs", ["diff_lo", "diff_hi",
                                                                       "diff_mean"]].to_numpy().ravel()])
    figure, axes = _figure((9.0, 1.4 + len(names) * (0.12 + 0.2 * len(variants))))
    height = 0.8 / len(variants)
    positions = np.arange(len(names))[::-1]
    for k, variant in enumerate(variants):
        table = comparisons[variant].set_index("name").loc[names]
        values = table["diff_mean"].to_numpy(dtype=float) / scale
        error = _error(values, table["diff_lo"].to_numpy(dtype=float) / scale,
                       table["diff_hi"].to_numpy(dtype=float) / scale)
        y = positions + ((len(variants) - 1) / 2 - k) * height
        axes.barh(y, np.nan_to_num(values), height * 0.9, xerr=error, color=colours[variant],
                  label=variant, capsize=2.5, error_kw={"elinewidth": 0.9, "ecolor": "#1d2733"})
    axes.axvline(0, color="#333d48", linewidth=0.9)
    axes.set_yticks(positions, labels)
    axes.set_ylabel("Cost line")
    if "cost_total_per_year" in names:  # the total apart from the lines it adds up
        total = names.index("cost_total_per_year")
        axes.get_yticklabels()[total].set_fontweight("bold")
        if total > 0:
            axes.axhline(positions[total] + 0.5, color="#9aa5b1", linewidth=0.8, linestyle="--")
    axes.set_xlabel(f"Difference, variant − base ({unit} per year, 95% interval)")
    axes.xaxis.set_major_formatter(lambda x, _: f"{x:+,.1f}" if x else "0")
    _style(axes, "x")
    title = "Cost per year: difference by line"
    axes.set_title(title)
    axes.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=9,
                title="Variant", title_fontsize=9)
    totals = [f"{v} {format_difference(comparisons[v].set_index('name').loc['cost_total_per_year', 'diff_mean'])} EUR/year"
              for v in variants if "cost_total_per_year" in set(comparisons[v]["name"])]
    caption = ("What each variant costs more (right) or less (left) than the base, line by line, "
               "per year, with 95% paired intervals"
               + (f"; total: {', '.join(totals)}" if totals else "") + ".")
    return Chart("cost_differences", title, caption, figure)


def cost_effectiveness_chart(effects: Mapping[str, CostPerReconvictionAvoided],
                             colours: Mapping[str, str]) -> Chart:
    """Three panels, one row per variant: extra cost per year, reconvictions avoided per
    year, and their ratio, the cost per reconviction avoided (when it is meaningful)."""
    variants = list(effects)
    figure, panels = _figure((10.0, 2.0 + 0.45 * len(variants)), 3)
    y = np.arange(len(variants))[::-1]
    cost_scale, cost_unit = _euro_scale([e.cost_difference.mean for e in effects.values()])
    ratio_scale, ratio_unit = _euro_scale([e.ratio.mean for e in effects.values()])
    parts = [
        (panels[0], lambda e: e.cost_difference, cost_scale,
         f"Extra cost ({cost_unit} per year)", "Cost difference, variant − base"),
        (panels[1], lambda e: e.avoided, 1.0, "Reconvictions avoided (people per year)",
         "Reconvictions avoided, base − variant"),
        (panels[2], lambda e: e.ratio, ratio_scale, f"{ratio_unit} per reconviction avoided",
         "Cost per reconviction avoided"),
    ]
    for (axes, pick, scale, xlabel, subtitle), suffix in zip(parts, (" EUR/year", "", " EUR")):
        for position, variant in zip(y, variants):
            effect = effects[variant]
            estimate = pick(effect)
            colour = colours[variant]
            if not math.isfinite(estimate.mean):
                axes.annotate("not meaningful:\nnone avoided on average", (0, position),
                              xytext=(4, 0), textcoords="offset points", va="center",
                              fontsize=7.5, color="#5f6b7a")
                continue
            value = estimate.mean / scale
            has_interval = math.isfinite(estimate.lo) and math.isfinite(estimate.hi)
            label = (format_value(estimate.mean) + suffix
                     + ("" if has_interval else ", no interval"))
            axes.annotate(label, (value, position), xytext=(0, 7), textcoords="offset points",
                          ha="center", fontsize=7.5, color=colour)
            if has_interval:
                axes.errorbar([value], [position], xerr=_error(np.array([value]),
                              np.array([estimate.lo / scale]), np.array([estimate.hi / scale])),
                              fmt="o", color=colour, capsize=3, markersize=6)
            else:
                axes.plot([value], [position], "D", color=colour, markerfacecolor="white",
                          markeredgewidth=1.5, markersize=6)
        axes.axvline(0, color="#333d48", linewidth=0.9)
        axes.set_xlabel(xlabel, fontsize=9)
        axes.set_title(subtitle, fontsize=10)
        axes.set_ylim(-0.7, len(variants) - 0.3)
        axes.margins(x=0.25)
        _style(axes, "x")
        axes.tick_params(axis="x", labelsize=8)
        axes.set_yticks(y, variants if axes is panels[0] else [""] * len(variants))
    panels[0].set_ylabel("Variant")
    legend = [Line2D([], [], marker="o", color="#333d48", label="mean, 95% interval"),
              Line2D([], [], marker="D", linestyle="", color="#333d48", markerfacecolor="white",
                     label="ratio of means, no interval (a replicate avoided none)")]
    figure.legend(handles=legend, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=2,
                  bbox_transform=offset_copy(figure.transFigure, figure, y=-4, units="points"),
                  frameon=False, fontsize=8.5)
    title = "Cost per reconviction avoided"
    figure.suptitle(title)
    shown = [f"{v} {format_value(e.ratio.mean)} EUR" if math.isfinite(e.ratio.mean)
             else f"{v} not meaningful" for v, e in effects.items()]
    caption = ("Extra cost per year over the reconvictions avoided per year (everyone at risk), "
               f"paired by replicate: {', '.join(shown)}; negative means the variant saves money "
               "and avoids reconvictions.")
    return Chart("cost_per_reconviction_avoided", title, caption, figure)


def costs_scenarios_chart(summaries: Mapping[str, pd.DataFrame]) -> Chart:
    """Cost per year by line, one stacked bar per scenario (the run report's costs chart)."""
    chart = costs_chart(summaries)
    totals = []
    for name, summary in summaries.items():
        total = summary.loc[summary["name"] == "cost_total_per_year", "mean"]
        if not total.empty and math.isfinite(total.iloc[0]):
            totals.append(f"{name} {format_value(total.iloc[0] / 1e6)} M EUR")
    chart.caption = ("Mean yearly cost of each scenario, stacked by line"
                     + (f"; total: {', '.join(totals)}" if totals else "") + ".")
    return chart
