"""The figures of a sweep report (``spipsim sweep``), each returning a
:class:`analysis.plots.Chart`; like :mod:`analysis.plots`, they take tables, never a file.

- grid and Latin hypercube designs: the response of each output of interest to the swept
  parameters, one line per combination of the other parameters (mean over replicates and
  its 95% interval);
- Sobol designs: first- and total-order indices per parameter with their bootstrap
  intervals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.formatting import is_share
from analysis.plots import PALETTE, Chart, _error, _figure, _style

MAX_LINES = 8
"""Beyond this many combinations of the other parameters, the points are drawn unjoined."""


def _scale(unit: str) -> tuple[float, str]:
    """Shares as %, euros in millions (costs of a site run to tens of millions a year)."""
    if is_share(unit) or unit == "1":
        return 100.0, "%"
    if unit.startswith("EUR"):
        return 1e-6, f"million {unit}"
    return 1.0, unit


def _level(value) -> str:
    return f"{value:g}" if isinstance(value, (int, float, np.floating)) else str(value)


def response_chart(output: pd.Series, results: pd.DataFrame, points: pd.DataFrame,
                   parameters: pd.DataFrame) -> Chart:
    """One output of interest (a row of /design/outputs) against the swept parameter with the
    most levels (x), one line per combination of the others."""
    names = list(parameters["name"])
    rows = results[results["output"] == output["name"]].merge(points, on="point")
    x_name = max(names, key=lambda n: rows[n].nunique())
    others = [n for n in names if n != x_name]
    scale, unit = _scale(output["unit"])
    figure, axes = _figure()
    grouper = others[0] if len(others) == 1 else others  # one key: plain values, not tuples
    groups = list(rows.groupby(grouper, sort=True)) if others else [((), rows)]
    joined = len(groups) <= MAX_LINES
    numeric = pd.api.types.is_numeric_dtype(rows[x_name])  # a choice parameter is text
    span = float(rows[x_name].max() - rows[x_name].min()) or 1.0 if numeric else 0.0
    for i, (key, group) in enumerate(groups):
        group = group.sort_values(x_name)
        key = key if isinstance(key, tuple) else (key,)
        label = ", ".join(f"{n} = {_level(v)}" for n, v in zip(others, key)) or "mean"
        values = group["mean"].to_numpy(dtype=float) * scale
        error = _error(values, group["low"].to_numpy(dtype=float) * scale,
                       group["high"].to_numpy(dtype=float) * scale)
        colour = PALETTE[i % len(PALETTE)] if joined else PALETTE[0]
        # Lines side by side by a hair, so that intervals at the same level stay apart.
        dodge = (i - (len(groups) - 1) / 2) * 0.01 * span if joined and numeric else 0.0
        axes.errorbar(group[x_name] + dodge if numeric else group[x_name], values, yerr=error, fmt="o-" if joined else "o",
                      color=colour, markersize=4, capsize=3, linewidth=1.4,
                      label=label if joined else None)
    if not joined:
        axes.plot([], [], "o", color=PALETTE[0], label=f"one point of the design ({len(rows)})")
    x_unit = parameters.set_index("name").loc[x_name, "unit"]
    axes.set_xlabel(f"{x_name}" + (f" ({x_unit})" if x_unit else ""))
    axes.set_ylabel(f"{output['label']} ({unit})")
    title = f"{output['label']} ({unit}): response to the swept parameters"
    axes.set_title(title, fontsize=11)
    axes.legend(frameon=False, fontsize=8, loc="best")
    _style(axes)
    finite = rows["mean"].dropna()
    caption = (f"{output['label']} at each point of the design against {x_name}"
               + (f", one line per value of {', '.join(others)}" if others and joined else "")
               + ", mean over replicates with its 95% interval"
               + (f"; from {finite.min() * scale:,.3g} to {finite.max() * scale:,.3g} {unit}"
                  if not finite.empty else "") + ".")
    return Chart(f"response_{output['name']}", title, caption, figure)


def sobol_chart(output: pd.Series, indices: pd.DataFrame) -> Chart:
    """First- and total-order Sobol indices of one output, per parameter, with intervals."""
    rows = indices[indices["output"] == output["name"]]
    figure, axes = _figure((9.0, 1.6 + 0.45 * len(rows)))
    y = np.arange(len(rows))[::-1]
    height = 0.38
    for k, (column, label) in enumerate((("first", "first order (alone)"),
                                         ("total", "total order (with interactions)"))):
        values = rows[column].to_numpy(dtype=float)
        error = _error(values, rows[f"{column}_low"].to_numpy(dtype=float),
                       rows[f"{column}_high"].to_numpy(dtype=float))
        axes.barh(y + (0.5 - k) * height, np.nan_to_num(values), height * 0.9, xerr=error,
                  color=PALETTE[k], label=label, capsize=3,
                  error_kw={"elinewidth": 0.9, "ecolor": "#1d2733"})
    axes.axvline(0, color="#333d48", linewidth=0.9)
    axes.set_yticks(y, list(rows["parameter"]))
    axes.set_ylabel("Swept parameter")
    axes.set_xlabel("Sobol index: share of the output's variance over the design "
                    "(95% bootstrap interval)")
    title = f"Which levers matter: {output['label']} ({_scale(output['unit'])[1]})"
    axes.set_title(title, fontsize=11)
    axes.legend(frameon=False, fontsize=8.5, loc="lower right")
    _style(axes, "x")
    known = rows[rows["total"].notna()]
    top = known.loc[known["total"].idxmax()] if not known.empty else None
    caption = ("How much of the variation of " + output["label"].lower() + " across the design "
               "each parameter explains alone (first order) and with its interactions (total "
               "order)" + (f"; the largest total effect is {top['parameter']} "
                           f"({top['total']:.2f})" if top is not None else "; not defined")
               + ".")
    return Chart(f"sobol_{output['name']}", title, caption, figure)

