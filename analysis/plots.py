"""The figures of a report, one function per figure, each returning a :class:`Chart`.

Functions take the pandas tables of :mod:`analysis.results` (never a file), so that a
comparison or sweep report can call them with tables of several runs. Every chart has a
title, axis labels with units, a legend when it shows more than one series, and a one-line
caption in plain English; numbers in captions use :mod:`analysis.formatting`.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # files only, never a window; before anything imports pyplot

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import StrMethodFormatter

from analysis.formatting import format_percent, format_value

DAYS_PER_MONTH = 365.25 / 12
DPI = 110
WIDE = (9.0, 4.6)
PALETTE = ["#1f5a96", "#d9822b", "#3a8d5c", "#b8403a", "#7b5ea7", "#8c6d46", "#5f6b7a"]
# The nine cost lines need nine colours that are told apart (PALETTE repeats after seven).
COST_PALETTE = PALETTE + ["#c9a227", "#2a9bb5", "#d46fa8"]

# Subgroup codes of the breakdown tables as a planner would say them.
GROUP_LABELS = {
    "supervised": "supervised release",
    "sortie_seche": "release without adjustment",
    "community": "community measure",
    "man": "men",
    "woman": "women",
}

BREAKDOWN_TITLES = {
    "age_group": "age group at release or measure start",
    "sex": "sex",
    "risk_tier": "risk tier",
    "release_type": "release type",
    "site": "site",
}


@dataclass
class Chart:
    """A finished figure: ``name`` is the file stem, ``caption`` one plain-English line."""

    name: str
    title: str
    caption: str
    figure: Figure

    def png(self) -> bytes:
        buffer = io.BytesIO()
        self.figure.savefig(
            buffer,
            format="png",
            dpi=DPI,
            bbox_inches="tight",
            metadata={"Title": self.title, "Description": self.caption, "Software": "spipsim"},
        )
        return buffer.getvalue()


def _figure(size: tuple[float, float] = WIDE, columns: int = 1):
    figure = Figure(figsize=size, layout="constrained")
    axes = figure.subplots(1, columns)
    return figure, axes


def _style(axes, grid: str = "y") -> None:
    """Light grid lines along ``grid`` ("x" or "y") behind the data; no top or right frame."""
    axes.grid(axis=grid, color="#dddddd", linewidth=0.8)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)


def group_label(code: str) -> str:
    return GROUP_LABELS.get(code, str(code).replace("_", " "))


def _thousands(axes) -> None:
    axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _months(dates: pd.Series) -> pd.Series:
    return pd.to_datetime(dates, format="%Y-%m")


def _error(values: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Asymmetric error bar lengths; 0 where the interval is undefined."""
    below = np.where(np.isfinite(lo), values - lo, 0.0)
    above = np.where(np.isfinite(hi), hi - values, 0.0)
    return np.vstack([np.clip(below, 0, None), np.clip(above, 0, None)])


def _headline(summary: pd.DataFrame, name: str) -> pd.Series | None:
    rows = summary[summary["name"] == name]
    return None if rows.empty else rows.iloc[0]


# -- recidivism ---------------------------------------------------------------------------


def survival_chart(survival: pd.DataFrame, monthly: pd.DataFrame, replicates: int) -> Chart:
    """Kaplan-Meier curve of time to reconviction, y = share NOT yet reconvicted."""
    figure, axes = _figure()
    months = np.concatenate([[0.0], survival["time"].to_numpy() / DAYS_PER_MONTH])
    curve = np.concatenate([[1.0], survival["survival"].to_numpy()]) * 100
    lo = np.concatenate([[1.0], survival["lo"].to_numpy()]) * 100
    hi = np.concatenate([[1.0], survival["hi"].to_numpy()]) * 100
    axes.fill_between(months, lo, hi, step="post", color=PALETTE[0], alpha=0.25, linewidth=0,
                      label="95% Greenwood band")
    axes.step(months, curve, where="post", color=PALETTE[0], linewidth=1.6,
              label="Kaplan–Meier, people of all replicates pooled")
    shown = monthly[np.isfinite(monthly["mean"]) & (monthly["replicates"] > 0)]
    if not shown.empty:
        mean = shown["mean"].to_numpy() * 100
        axes.errorbar(shown["month"], mean,
                      yerr=_error(mean, shown["lo"].to_numpy() * 100, shown["hi"].to_numpy() * 100),
                      fmt="o", markersize=2.5, color=PALETTE[1], elinewidth=0.8,
                      label="mean over replicates per month, 95% interval")
    axes.set_xlim(0, max(months[-1], 1))
    axes.set_ylim(0, 100)
    axes.set_xticks(np.arange(0, months[-1] + 1, 12 if months[-1] > 30 else 3))
    axes.set_xlabel("Months since release from prison or start of the community measure")
    axes.set_ylabel("People not yet reconvicted (%)")
    title = "Time to reconviction"
    axes.set_title(title)
    axes.legend(loc="lower left", frameon=False)
    _style(axes)
    at = {}
    for years in (1, 2, 5):
        row = monthly[monthly["month"] == 12 * years]
        if not row.empty and math.isfinite(row["mean"].iloc[0]):
            at[years] = format_percent(1 - row["mean"].iloc[0])
    reached = ", ".join(f"{v} within {y} year{'s' if y > 1 else ''}" for y, v in at.items())
    caption = ("Share of people not yet reconvicted, by time since release or measure start; "
               f"reconvicted: {reached or 'no follow-up yet'} (mean of {replicates} replicates).")
    return Chart("reconviction_survival", title, caption, figure)


def breakdown_chart(by: str, table: pd.DataFrame) -> Chart:
    """Reconviction at 1, 2 and 5 years per subgroup, bars with their 95% band."""
    figure, axes = _figure()
    horizons = [("reconviction_1y", "within 1 year"), ("reconviction_2y", "within 2 years"),
                ("reconviction_5y", "within 5 years")]
    positions = np.arange(len(table))
    width = 0.8 / len(horizons)
    for i, (column, label) in enumerate(horizons):
        values = table[column].to_numpy() * 100
        error = _error(values, table[f"{column}_lo"].to_numpy() * 100,
                       table[f"{column}_hi"].to_numpy() * 100)
        x = positions + (i - 1) * width
        known = np.isfinite(values)
        axes.bar(x[known], values[known], width, yerr=error[:, known], capsize=2.5,
                 color=PALETTE[i], error_kw={"elinewidth": 0.9})
        for position in x[~known]:  # nobody followed up that long
            axes.annotate("n/a", (position, 0), xytext=(0, 3), textcoords="offset points",
                          ha="center", va="bottom", fontsize=8, color="#5f6b7a")
    axes.set_xticks(positions, [f"{group_label(g)}\n(n = {n:,})"
                                for g, n in zip(table["group"], table["n"])])
    subject = BREAKDOWN_TITLES.get(by, by.replace("_", " "))
    title = f"Reconviction by {subject}"
    axes.set_title(title)
    axes.set_xlabel(subject[0].upper() + subject[1:] + " (people pooled over replicates)")
    axes.set_ylabel("Reconvicted within the period (%)")
    axes.set_ylim(0, 100)
    axes.set_xlim(-0.6, len(table) - 0.4)
    # Drawn by hand: a horizon nobody reached has no bar to take its colour from.
    axes.legend([Patch(color=PALETTE[i]) for i in range(len(horizons))],
                [label for _, label in horizons], frameon=False, ncols=3, loc="upper right")
    _style(axes)
    known = table["reconviction_1y"].notna()
    highest = table.loc[table.loc[known, "reconviction_1y"].idxmax()] if known.any() else None
    detail = (f"; highest at 1 year: {group_label(highest['group'])} "
              f"({format_percent(highest['reconviction_1y'])})" if highest is not None else "")
    missing = " (n/a: nobody followed up that long)" if table.isna().any().any() else ""
    caption = (f"Share of people reconvicted within 1, 2 and 5 years, by {subject}, with 95% "
               f"Kaplan–Meier bands{detail}{missing}.")
    return Chart(f"reconviction_by_{by}", title, caption, figure)


# -- reintegration ------------------------------------------------------------------------


def reintegration_chart(summary: pd.DataFrame, by_release: pd.DataFrame | None) -> Chart:
    """Employed, housed and reintegrated at 12 months (left) and reintegration by release
    type (right, when the breakdown exists)."""
    figure, axes = _figure(WIDE, 2 if by_release is not None else 1)
    left = axes[0] if by_release is not None else axes
    names = [("employed_12m", "in work or training"), ("housed_12m", "stably housed"),
             ("reintegrated_12m", "reintegrated")]
    rows = [(label, _headline(summary, name)) for name, label in names]
    rows = [(label, row) for label, row in rows if row is not None]
    values = np.array([row["mean"] for _, row in rows]) * 100
    error = _error(values, np.array([row["lo"] for _, row in rows]) * 100,
                   np.array([row["hi"] for _, row in rows]) * 100)
    left.bar([label for label, _ in rows], values, yerr=error, capsize=4, color=PALETTE[2])
    for x, v in enumerate(values):
        left.annotate(f"{v:.1f}%", (x, v), xytext=(0, 4), textcoords="offset points",
                      ha="center", va="bottom", fontsize=8)
    left.set_ylim(0, 100)
    left.set_ylabel("People at 12 months (%)")
    left.set_xlabel("Status 12 months after release or measure start")
    left.set_title("All people, mean over replicates (95% interval)", fontsize=10)
    _style(left)
    if by_release is not None:
        right = axes[1]
        share = by_release["reintegrated_12m"].to_numpy() * 100
        right.bar([group_label(g).replace(" ", "\n", 1) for g in by_release["group"]],
                  np.nan_to_num(share),
                  color=PALETTE[0])
        for x, (v, n) in enumerate(zip(share, by_release["reintegrated_12m_n"])):
            right.annotate(f"{v:.1f}%\nn = {n:,}", (x, np.nan_to_num(v)), xytext=(0, 4),
                           textcoords="offset points", ha="center", va="bottom", fontsize=8)
        right.set_ylim(0, 100)
        right.set_ylabel("Reintegrated at 12 months (%)")
        right.set_xlabel("Release type")
        right.set_title("Reintegrated, by release type (pooled)", fontsize=10)
        right.tick_params(axis="x", labelsize=8)
        _style(right)
    title = "Reintegration at 12 months"
    figure.suptitle(title)
    reintegrated = _headline(summary, "reintegrated_12m")
    caption = ("Share of people in work or training, stably housed, and reintegrated (both "
               "and no reconviction) 12 months after release or measure start"
               + (f": {format_percent(reintegrated['mean'])} reintegrated"
                  if reintegrated is not None else "")
               + ".")
    return Chart("reintegration_12m", title, caption, figure)


# -- workload -----------------------------------------------------------------------------


def caseload_chart(national: pd.DataFrame) -> Chart:
    """Distribution of caseload per officer over time: mean, median, p90, max."""
    figure, axes = _figure()
    dates = _months(national["date"])
    lines = [("caseload_max", "maximum", ":"), ("caseload_p90", "90th percentile", "--"),
             ("caseload_p50", "median", "-."), ("caseload_mean", "mean", "-")]
    for i, (column, label, style) in enumerate(lines):
        if column in national:
            axes.plot(dates, national[column], style, color=PALETTE[i], linewidth=1.6, label=label)
    axes.set_ylim(bottom=0)
    axes.set_xlabel("Month")
    axes.set_ylabel("Cases per officer")
    title = "Caseload per probation officer"
    axes.set_title(title)
    axes.legend(frameon=False, loc="lower right", ncols=4)
    _style(axes)
    caption = ("How many people each community officer supervises at the end of each month: "
               f"mean {format_value(national['caseload_mean'].mean())}, 90th percentile "
               f"{format_value(national['caseload_p90'].mean())} over the run (averaged over "
               "replicates).")
    return Chart("caseload_per_officer", title, caption, figure)


def contacts_chart(national: pd.DataFrame) -> Chart:
    """Contacts due under the contact policy and contacts actually held, per month."""
    figure, axes = _figure()
    dates = _months(national["date"])
    due, delivered = national["contacts_due"], national["contacts_delivered"]
    axes.fill_between(dates, delivered, due, color=PALETTE[3], alpha=0.15, linewidth=0,
                      label="due but not delivered")
    axes.plot(dates, due, color=PALETTE[3], linewidth=1.4, label="due")
    axes.plot(dates, delivered, color=PALETTE[0], linewidth=1.4, label="delivered")
    axes.set_ylim(bottom=0)
    axes.set_xlabel("Month")
    axes.set_ylabel("Contacts per month")
    _thousands(axes)
    title = "Supervision contacts due and delivered"
    axes.set_title(title)
    axes.legend(frameon=False, loc="lower right", ncols=3)
    _style(axes)
    ratio = delivered.sum() / due.sum() if due.sum() > 0 else float("nan")
    caption = ("Contacts with supervised people that the contact policy requires each month, "
               f"and those that took place: {format_percent(ratio)} delivered over the run.")
    return Chart("contacts_due_delivered", title, caption, figure)


def partner_types(summary: pd.DataFrame, national: pd.DataFrame) -> list[str]:
    """Partner types found in the series (partner_queue_<type>) or summary waits."""
    types = [c[len("partner_queue_"):] for c in national.columns if c.startswith("partner_queue_")]
    for name in summary["name"]:
        if name.startswith("partner_wait_") and name.endswith("_days"):
            kind = name[len("partner_wait_"):-len("_days")]
            if kind not in types:
                types.append(kind)
    return types


def partners_chart(summary: pd.DataFrame, national: pd.DataFrame) -> Chart:
    """Mean wait for a partner service by type (left) and queue lengths over time (right)."""
    figure, (left, right) = _figure(WIDE, 2)
    types = partner_types(summary, national)
    waits = [(kind, _headline(summary, f"partner_wait_{kind}_days")) for kind in types]
    waits = [(kind, row) for kind, row in waits if row is not None]
    values = np.array([row["mean"] for _, row in waits], dtype=float)
    error = _error(values, np.array([row["lo"] for _, row in waits], dtype=float),
                   np.array([row["hi"] for _, row in waits], dtype=float))
    colours = {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(types)}
    left.bar([kind for kind, _ in waits], values, yerr=error, capsize=4,
             color=[colours[kind] for kind, _ in waits])
    left.set_ylim(bottom=0)
    left.set_xlabel("Partner type")
    left.set_ylabel("Mean wait (days)")
    left.set_title("Wait for a partner service (95% interval)", fontsize=10)
    left.tick_params(axis="x", labelsize=8)
    _style(left)
    dates = _months(national["date"])
    for kind in types:
        column = f"partner_queue_{kind}"
        if column in national:
            right.plot(dates, national[column], color=colours[kind], linewidth=1.4, label=kind)
    right.set_ylim(bottom=0)
    right.set_xlabel("Month")
    right.set_ylabel("People waiting at month end")
    _thousands(right)
    right.set_title("Queue for a partner service", fontsize=10)
    right.legend(frameon=False, fontsize=8)
    right.tick_params(axis="x", labelsize=8, rotation=30)
    _style(right)
    title = "Partner services: waits and queues"
    figure.suptitle(title)
    longest = max(waits, key=lambda w: w[1]["mean"]) if waits else None
    caption = ("How long people wait for employment, housing, health, rights and training "
               "partners, and how many are waiting each month"
               + (f"; longest mean wait: {longest[0]} ({format_value(longest[1]['mean'])} days)"
                  if longest is not None else "") + ".")
    return Chart("partner_waits_queues", title, caption, figure)


# -- costs --------------------------------------------------------------------------------


def cost_components(summary: pd.DataFrame) -> pd.DataFrame:
    """The rows of group Costs except the total, in their stored order."""
    costs = summary[(summary["group"] == "Costs") & (summary["name"] != "cost_total_per_year")]
    return costs.reset_index(drop=True)


def costs_chart(summaries: Mapping[str, pd.DataFrame]) -> Chart:
    """One stacked bar per run (label -> its /summary): cost components in EUR per year."""
    figure, axes = _figure((7.5, 4.8))
    labels: Sequence[str] = list(summaries)
    components = cost_components(next(iter(summaries.values())))
    bottoms = np.zeros(len(labels))
    for i, (name, label) in enumerate(zip(components["name"], components["label"])):
        values = np.array([_value(summaries[run], name) / 1e6 for run in labels])
        axes.bar(labels, values, 0.5, bottom=bottoms, color=COST_PALETTE[i % len(COST_PALETTE)],
                 label=label)
        bottoms += values
    for x, total in enumerate(bottoms):
        axes.annotate(f"{total:,.1f} M EUR", (x, total), xytext=(0, 4), textcoords="offset points",
                      ha="center", va="bottom", fontsize=9)
    axes.set_ylim(0, bottoms.max() * 1.12 if len(bottoms) else 1)
    axes.set_xlim(-0.8, len(labels) - 0.2)
    axes.set_xlabel("Scenario")
    axes.set_ylabel("Cost (million EUR per year)")
    _thousands(axes)
    title = "Cost per year by component"
    axes.set_title(title)
    handles, names = axes.get_legend_handles_labels()  # top of the stack first, as drawn
    axes.legend(handles[::-1], names[::-1], frameon=False, loc="upper left",
                bbox_to_anchor=(1.0, 1.0))
    _style(axes)
    biggest = components.loc[components["mean"].idxmax()] if not components.empty else None
    caption = ("Mean yearly cost of the system, stacked by component"
               + (f"; the largest is {biggest['label'].lower()} "
                  f"({format_value(biggest['mean'] / 1e6)} M EUR)" if biggest is not None else "")
               + ".")
    return Chart("costs_per_year", title, caption, figure)


def _value(summary: pd.DataFrame, name: str) -> float:
    row = _headline(summary, name)
    return float(row["mean"]) if row is not None and math.isfinite(row["mean"]) else 0.0
