"""The report of an allocation file (``spipsim allocate ALLOCATION.toml``): one
self-contained report.html. Called by :mod:`analysis.report` (registered in its REPORTS).

The page opens with the allocation's description, objective, posts and replicates; then
the effects of the greedy plan and of the two pro-rata rules (paired against no new posts,
with 95% intervals) and the probability that the greedy plan beats each rule; then maps of
France of the greedy plan, of its difference from pro rata caseload and of today's caseload
per community officer; then the plan per site and every greedy round.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import page
from analysis.formatting import format_interval, format_percent, format_value
from analysis.france_map import choropleth
from analysis.results import Results

PLANS = {"greedy": "Greedy (this allocation)",
         "pro_rata_population": "Pro rata population",
         "pro_rata_caseload": "Pro rata caseload"}


def effects_table(effects: pd.DataFrame) -> str:
    def both(r, name: str) -> str:
        return (format_value(getattr(r, name)) + "\n"
                + format_interval(getattr(r, f"{name}_lo"), getattr(r, f"{name}_hi")))
    rows = [page.row([page.cell(PLANS.get(r.plan, r.plan)),
                      page.cell(both(r, "reconvictions_avoided"), numeric=True, cls="lines"),
                      page.cell(both(r, "reintegrated_gained"), numeric=True, cls="lines"),
                      page.cell(both(r, "cost_change"), numeric=True, cls="lines")],
                     data_plan=r.plan)
            for r in effects.itertuples(index=False)]
    return page.table(["Plan", "Reconvictions avoided", "More people reintegrated at 12 months",
                       "Cost change (EUR)"], rows, table_id="effects-table",
                      numeric_columns={1, 2, 3},
                      caption="Over the observation window, each plan paired against the same "
                              "replicates without new posts (common random numbers): mean and "
                              "95% interval over replicates.")


def plan_table(sites: pd.DataFrame) -> str:
    rows = [page.row([page.cell(s.code),
                      page.cell(format_value(s.caseload_base), numeric=True),
                      page.cell(format_value(s.officers_base), numeric=True),
                      page.cell(str(int(s.posts_floor)), numeric=True),
                      page.cell(str(int(s.posts_greedy)), numeric=True),
                      page.cell(str(int(s.posts_pro_rata_population)), numeric=True),
                      page.cell(str(int(s.posts_pro_rata_caseload)), numeric=True),
                      page.cell(format_value(s.caseload_greedy), numeric=True)],
                     data_site=s.code)
            for s in sites.itertuples(index=False)]
    return page.table(["Site", "Cases per community officer today", "Community officers today",
                       "Floor (minimum, workload cap)", "Greedy", "Pro rata population",
                       "Pro rata caseload", "Cases per community officer, greedy plan"],
                      rows, table_id="plan-table", numeric_columns=range(1, 8))


def rounds_table(marginals: pd.DataFrame) -> str:
    rows = [page.row([page.cell(str(int(m.round)), numeric=True), page.cell(m.code),
                      page.cell(str(int(m.step)), numeric=True),
                      page.cell(format_value(m.marginal) + "\n"
                                + format_interval(m.marginal_lo, m.marginal_hi),
                                numeric=True, cls="lines"),
                      page.cell("chosen" if m.chosen else "")])
            for m in marginals.itertuples(index=False)]
    return page.table(["Round", "Site", "Posts", "Marginal value [95% CI]", ""], rows,
                      table_id="rounds-table", numeric_columns={0, 2, 3},
                      caption="Each round measures the same step of posts at every candidate "
                              "against the current plan, on the same replicates, and gives them "
                              "to the best mean gain.")


def allocation_report(results: Results, out_dir: Path) -> Path:
    """Writes report.html of an allocation file into out_dir."""
    m = results.manifest
    sites = results.table("/allocation/sites")
    effects = results.table("/allocation/effects")
    marginals = results.table("/allocation/marginals")
    greedy = effects[effects["plan"] == "greedy"].iloc[0]
    codes = list(sites["code"])
    maps = [
        choropleth(dict(zip(codes, sites["posts_greedy"].astype(float))),
                   "New posts, greedy plan", "posts", "map-greedy", fmt=lambda v: f"{v:.0f}"),
        choropleth(dict(zip(codes, (sites["posts_greedy"] - sites["posts_pro_rata_caseload"])
                            .astype(float))),
                   "Greedy minus pro rata caseload", "posts", "map-difference",
                   fmt=lambda v: f"{v:+.0f}"),
        choropleth(dict(zip(codes, sites["caseload_base"])),
                   "Cases per community officer without new posts", "cases/officer",
                   "map-caseload"),
    ]
    verdict = (f"The greedy plan beats pro rata population in "
               f"{format_percent(greedy['p_beats_pro_rata_population'])} of replicates and pro "
               f"rata caseload in {format_percent(greedy['p_beats_pro_rata_caseload'])} "
               f"(objective: {m.get('objective', '')}; ties count half).")
    sections = [
        ("effects", "Effects", [effects_table(effects),
                                f'<p class="note">{page.escape(verdict)}</p>']),
        ("maps", "Maps", maps),
        ("plan", "Plan per site", [plan_table(sites)]),
        ("rounds", "Greedy rounds", [rounds_table(marginals)]),
        ("files", "Allocation and scenario",
         ["<details><summary>The allocation file</summary>"
          f"<pre>{page.escape(m.get('allocation_text', ''))}</pre></details>",
          "<details><summary>The resolved scenario the posts are added to</summary>"
          f"<pre>{page.escape(m.get('scenario_text', ''))}</pre></details>"]),
    ]
    title = m.get("allocation_name", "spipsim allocation")
    body = [
        f"<header><h1>{page.escape(title)}<small>spipsim allocation report</small></h1>",
        page.definition_list(page.manifest_items(m, results.path, [
            ("Allocation", title), ("Objective", str(m.get("objective", ""))),
            ("Posts", str(m.get("posts", ""))), ("Step", str(m.get("step", ""))),
            ("Scenario", m.get("scenario_name", ""))])),
        "</header>",
        page.contents((i, t) for i, t, _ in sections),
        *(page.section(i, t, content) for i, t, content in sections),
        page.footer(results.path),
    ]
    html_path = out_dir / page.HTML_NAME
    html_path.write_text(page.document(f"spipsim allocation: {title}", body), encoding="utf-8")
    return html_path
