"""The report of a results file: PNG figures and one self-contained report.html.

    python3 -m analysis.report RESULTS.h5 [-o DIR]

DIR defaults to RESULTS' folder / "<RESULTS stem>-report". Exit status as for spipsim
(sim/app/exit_codes.hpp): 0 done, 1 failure while writing, 2 bad input (not a readable
results file, or an output folder that cannot be made); errors are one line on stderr.

Each results kind has its own report builder in REPORTS: ``run`` here, ``compare`` in
:mod:`analysis.comparison_report`, ``sweep`` in :mod:`analysis.sweep_report`, ``allocation``
in :mod:`analysis.allocation_report`; a file of a
kind without one (a ``sweep_shard``: merge the shards first) is refused up front.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Callable

from analysis import page
from analysis.allocation_report import allocation_report
from analysis.comparison_report import comparison_report
from analysis.sweep_report import sweep_report
from analysis.formatting import format_count, format_interval, format_percent, format_value
from analysis.formatting import is_share, shown_unit
from analysis.france_map import choropleth
from analysis.headlines import HEADLINE_GROUPS
from analysis.results import ALLOCATION_KIND, COMPARISON_KIND, RUN_KIND, SWEEP_KIND, Results
from analysis.results import ResultsError
from analysis.results import open_results

EXIT_SUCCESS = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

BREAKDOWN_FIGURES = ("age_group", "sex", "risk_tier", "release_type")


class OutputError(Exception):
    """The output folder cannot be used; the message says which and why."""


def default_output_dir(results_path: str | os.PathLike[str]) -> Path:
    path = Path(results_path)
    return path.with_name(path.stem + "-report")


# -- run report ---------------------------------------------------------------------------


def headline_table(summary) -> str:
    """The /summary table: label, mean, 95% interval, unit, replicates; shares in %."""
    rows = []
    groups = [g for g in HEADLINE_GROUPS if (summary["group"] == g).any()]
    groups += [g for g in summary["group"].unique() if g not in groups]
    for group in groups:
        rows.append(page.group_row(group, 5))
        for h in summary[summary["group"] == group].itertuples(index=False):
            share = is_share(h.unit)
            rows.append(page.row([
                page.cell(h.label, cls="label"),
                page.cell(format_value(h.mean, share), numeric=True, cls="mean"),
                page.cell(format_interval(h.lo, h.hi, share, replicates=int(h.n)),
                          numeric=True, cls="interval"),
                page.cell(shown_unit(h.unit), cls="unit"),
                page.cell(str(int(h.n)), numeric=True, cls="n"),
            ], data_name=h.name))
    return page.table(["Figure", "Mean", "95% interval", "Unit", "Replicates"], rows,
                      table_id="headline-table", numeric_columns={1, 2, 4},
                      caption="Mean over replicates with the 95% confidence interval of the "
                              "mean; shares shown as percentages.")


def breakdown_table(by: str, table) -> str:
    def incidence(r, column: str) -> str:
        value, lo, hi = getattr(r, column), getattr(r, f"{column}_lo"), getattr(r, f"{column}_hi")
        return f"{format_percent(value)}\n{format_interval(lo, hi, share=True)}"

    rows = []
    for r in table.itertuples(index=False):
        rows.append(page.row([
            page.cell(r.group),
            page.cell(format_count(r.n), numeric=True),
            page.cell(incidence(r, "reconviction_1y"), numeric=True, cls="lines"),
            page.cell(incidence(r, "reconviction_2y"), numeric=True, cls="lines"),
            page.cell(incidence(r, "reconviction_5y"), numeric=True, cls="lines"),
            page.cell(incidence(r, "reimprisonment_1y"), numeric=True, cls="lines"),
            page.cell(format_percent(r.reintegrated_12m), numeric=True),
            page.cell(format_count(r.reintegrated_12m_n), numeric=True),
        ], data_group=str(r.group)))
    description = table.attrs["descriptions"].get("group", "")
    return (f"<h3>By {page.escape(by.replace('_', ' '))}</h3>"
            + page.table(["Group", "People", "Reconvicted within 1 year", "within 2 years",
                          "within 5 years", "Re-imprisoned within 1 year",
                          "Reintegrated at 12 months", "12-month status known"],
                         rows, table_id=f"breakdown-{by}", caption=description,
                         numeric_columns=range(1, 8)))


def site_travel(results: Results) -> dict[str, dict[str, float]]:
    """Per site code: ``per_contact``, the officer hours on the road per in-person contact in
    the community (``/sites/travel_hours_per_contact``: every such contact costs the same road
    time at a site, docs/model.md section 1), and ``road_share``, the share of the officers'
    contact hours spent on the road over the window: the sum over months of ``hours_travel``
    over the sum of ``hours_travel + hours_contacts`` (``/timeseries/sites``, means over
    replicates). The share is NaN without contact hours, and absent from files written before
    ``hours_contacts`` was kept per site."""
    sites = results.sites()
    travel: dict[str, dict[str, float]] = {str(code): {} for code in sites["code"]}
    if "travel_hours_per_contact" in sites:
        for code, hours in zip(sites["code"], sites["travel_hours_per_contact"]):
            travel[str(code)]["per_contact"] = float(hours)
    series = results.site_series()
    if {"hours_travel", "hours_contacts"} <= set(series.columns):
        sums = series.groupby("site")[["hours_travel", "hours_contacts"]].sum()
        for code, row in sums.iterrows():
            on_contacts = row["hours_travel"] + row["hours_contacts"]
            share = row["hours_travel"] / on_contacts if on_contacts > 0 else float("nan")
            travel.setdefault(str(code), {})["road_share"] = float(share)
    return travel


def sites_table(sites, travel: dict[str, dict[str, float]] | None = None) -> str:
    travel = travel or {}
    rows = [page.row([
        page.cell(s.code), page.cell(s.name), page.cell(s.region),
        page.cell(format_count(s.population), numeric=True),
        page.cell(format_percent(s.unemployment), numeric=True),
        page.cell(format_value(s.officers), numeric=True),
        page.cell(format_value(travel.get(str(s.code), {}).get("per_contact", float("nan"))),
                  numeric=True, cls="travel-per-contact"),
        page.cell(format_percent(travel.get(str(s.code), {}).get("road_share", float("nan"))),
                  numeric=True, cls="road-share"),
    ]) for s in sites.itertuples(index=False)]
    return page.table(["Code", "Site", "Region", "Population", "Unemployment",
                       "Officers at start", "Travel per in-person contact (hours)",
                       "Contact hours on the road"], rows, table_id="sites-table",
                      numeric_columns={3, 4, 5, 6, 7},
                      caption="Travel: officer hours on the road per in-person contact in the "
                              "community (the site's area per office and density, travel.*), "
                              "and the share of the officers' contact hours spent on the road "
                              "over the window (road hours over road and contact hours, means "
                              "over replicates); prison contacts and remote contacts need no "
                              "road.")


def site_maps(results: Results, travel: dict[str, dict[str, float]] | None = None) -> list[str]:
    """Maps of France of per-site figures: cases per community officer (mean over the months
    of the window) when the file has per-site series, officers at the start, and the road:
    hours per in-person contact and the share of contact hours on the road (site_travel)."""
    maps = []
    series = results.site_series()
    if "cases_per_officer" in series:
        by_site = series.groupby("site")["cases_per_officer"].mean()
        maps.append(choropleth(by_site.to_dict(), "Cases per community officer",
                               "cases/officer, mean over the months of the window",
                               "map-cases-per-officer"))
    sites = results.sites()
    maps.append(choropleth(dict(zip(sites["code"], sites["officers"].astype(float))),
                           "Officers at the start", "officers", "map-officers"))
    travel = site_travel(results) if travel is None else travel
    per_contact = {c: t["per_contact"] for c, t in travel.items() if "per_contact" in t}
    if per_contact:
        maps.append(choropleth(per_contact, "Travel per in-person contact",
                               "officer hours on the road per in-person community contact",
                               "map-travel-per-contact", fmt=lambda v: f"{v:,.2f} h"))
    road_share = {c: t["road_share"] for c, t in travel.items() if "road_share" in t}
    if road_share:
        maps.append(choropleth(road_share, "Contact hours on the road",
                               "share of the officers' contact hours spent travelling, window",
                               "map-road-share", fmt=lambda v: f"{100 * v:.1f}%"))
    return maps


def _subgroup_tables(results: Results, breakdowns: list[str]) -> list[str]:
    if not breakdowns:
        return []
    method = results.breakdown(breakdowns[0]).attrs["meta"].get("method", "")
    note = f'<p class="note">Method: {page.escape(method)}. Intervals are 95% bands.</p>'
    return [note] + [breakdown_table(by, results.breakdown(by)) for by in breakdowns]


def run_report(results: Results, out_dir: Path) -> Path:
    """Writes the PNG figures and report.html of a run file into out_dir."""
    from analysis import plots  # matplotlib is slow to import; bad input fails before it

    summary = results.summary()
    national = results.national_series()
    replicates = int(results.manifest.get("replicates", 0))
    breakdowns = results.breakdown_names()
    survival = results.survival()

    charts: dict[str, str] = {}  # chart name -> <figure> html

    def add(chart: plots.Chart, note: str | None = None) -> None:
        png = chart.png()
        (out_dir / f"{chart.name}.png").write_bytes(png)
        charts[chart.name] = page.figure(chart, png, note)

    add(plots.survival_chart(survival, results.survival_monthly(), replicates),
        note=("The y axis is the share NOT yet reconvicted (Kaplan–Meier survival); cumulative "
              "reconviction is 100% minus it. Method: "
              + survival.attrs["meta"].get("method", "Kaplan-Meier") + "."))
    for by in BREAKDOWN_FIGURES:
        if by in breakdowns:
            add(plots.breakdown_chart(by, results.breakdown(by)))
    add(plots.reintegration_chart(
        summary, results.breakdown("release_type") if "release_type" in breakdowns else None))
    add(plots.caseload_chart(national))
    add(plots.contacts_chart(national))
    add(plots.partners_chart(summary, national))
    add(plots.costs_chart({results.manifest.get("scenario_name", "run"): summary}))

    m = results.manifest
    name = m.get("scenario_name", "spipsim run")
    travel = site_travel(results)
    sections = [
        ("headline", "Headline figures", [headline_table(summary)]),
        ("recidivism", "Recidivism", [charts[n] for n in charts if n.startswith("reconviction")]),
        ("reintegration", "Reintegration", [charts["reintegration_12m"]]),
        ("workload", "Workload",
         [charts["caseload_per_officer"], charts["contacts_due_delivered"],
          charts["partner_waits_queues"]]),
        ("costs", "Costs", [charts["costs_per_year"]]),
        ("breakdowns", "Subgroups", _subgroup_tables(results, breakdowns)),
        ("sites", "Sites", [*site_maps(results, travel), sites_table(results.sites(), travel)]),
        ("scenario", "Scenario",
         ["<details><summary>The resolved scenario (this text alone reproduces the run)"
          f"</summary><pre>{page.escape(m.get('scenario_text', ''))}</pre></details>"]),
    ]
    description = " ".join(m.get("scenario_description", "").split())
    body = [
        f"<header><h1>{page.escape(name)}<small>spipsim run report</small></h1>",
        f'<p class="description">{page.escape(description)}</p>',
        page.definition_list(page.manifest_items(m, results.path, [("Scenario", name)])),
        "</header>",
        page.contents((i, t) for i, t, _ in sections),
        *(page.section(i, t, content) for i, t, content in sections),
        page.footer(results.path),
    ]
    html_path = out_dir / page.HTML_NAME
    html_path.write_text(page.document(f"spipsim report: {name}", body), encoding="utf-8")
    return html_path


REPORTS: dict[str, Callable[[Results, Path], Path]] = {RUN_KIND: run_report,
                                                       COMPARISON_KIND: comparison_report,
                                                       SWEEP_KIND: sweep_report,
                                                       ALLOCATION_KIND: allocation_report}
"""Report builder per results kind (root attribute spipsim_kind)."""


# -- entry point --------------------------------------------------------------------------


def _prepare_output(out_dir: Path) -> None:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create output folder '{out_dir}': {error.strerror or error}")
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise OutputError(f"output folder '{out_dir}' is not writable; choose another with -o")


def write_report(results_path: str | os.PathLike[str],
                 out_dir: str | os.PathLike[str] | None = None) -> Path:
    """Checks the file, then writes its report; returns the path of report.html."""
    with open_results(results_path) as results:
        builder = REPORTS.get(results.kind)
        if builder is None:
            raise ResultsError(f"results file '{results.path}' is of kind '{results.kind}', "
                               f"which has no report yet (reports exist for: "
                               f"{', '.join(REPORTS)})")
        target = Path(out_dir) if out_dir is not None else default_output_dir(results_path)
        _prepare_output(target)
        return builder(results, target)


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="spipsim report",
        description="Write the figures (PNG) and a self-contained report.html of a spipsim "
                    "results file.")
    parser.add_argument("results",
                        help="results file written by `spipsim run` or `spipsim compare` (.h5)")
    parser.add_argument("-o", "--out", metavar="DIR",
                        help="output folder (default: next to RESULTS, '<name>-report')")
    args = parser.parse_args(argv)
    try:
        html_path = write_report(args.results, args.out)
    except (ResultsError, OutputError) as error:
        print(f"spipsim: {_one_line(error)}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as error:  # a bug or a full disk: one line, the trace only on request
        if os.environ.get("SPIPSIM_DEBUG"):
            traceback.print_exc()
        print(f"spipsim: {type(error).__name__}: {_one_line(error)} "
              "(set SPIPSIM_DEBUG=1 to see where)", file=sys.stderr)
        return EXIT_FAILURE
    print(f"report written to {html_path}", file=sys.stderr)
    return EXIT_SUCCESS


if __name__ == "__main__":
    sys.exit(main())
