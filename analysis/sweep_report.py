"""The report of a sweep file (``spipsim sweep DESIGN.toml``): PNG figures and one
self-contained report.html. Called by :mod:`analysis.report` (registered in its REPORTS).

The page opens with the design's description, method, points, seed, replicates and spipsim
version; then, for each output of interest, its response to the swept parameters (grid and
Latin hypercube designs) or its Sobol indices (Sobol designs); then the swept parameters,
the per-point table and the design text.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import page
from analysis.formatting import format_interval, format_value, is_share
from analysis.results import Results

SOBOL_METHOD = "sobol"


def parameters_table(parameters: pd.DataFrame) -> str:
    rows = [page.row([page.cell(p.name, cls="nowrap"), page.cell(p.kind), page.cell(p.unit),
                      page.cell(format_value(p.min), numeric=True),
                      page.cell(format_value(p.max), numeric=True),
                      page.cell(str(int(p.levels)) if p.levels else "range", numeric=True),
                      page.cell(p.description)], data_name=p.name)
            for p in parameters.itertuples(index=False)]
    return page.table(["Parameter", "Kind", "Unit", "From", "To", "Levels", "What it is"], rows,
                      table_id="parameters-table", numeric_columns={3, 4, 5})


def points_table(points: pd.DataFrame, results: pd.DataFrame, outputs: pd.DataFrame,
                 parameters: list[str]) -> str:
    """One row per design point: the swept values, then each output of interest's mean and
    95% interval over replicates."""
    by_key = results.set_index(["point", "output"])
    rows = []
    for p in points.itertuples(index=False):
        values = dict(zip(points.columns, p))
        cells = [page.cell(str(values["point"]), numeric=True)]
        cells += [page.cell(format_value(values[n]) if not isinstance(values[n], str)
                            else values[n], numeric=True) for n in parameters]
        for o in outputs.itertuples(index=False):
            r = by_key.loc[(values["point"], o.name)]
            share = is_share(o.unit)
            cells.append(page.cell(format_value(r["mean"], share) + "\n"
                                   + format_interval(r["low"], r["high"], share,
                                                     replicates=int(r["n"])),
                                   numeric=True, cls="lines"))
        rows.append(page.row(cells, data_point=str(values["point"])))
    head = ["Point", *parameters, *(f"{o.label} ({'%' if is_share(o.unit) else o.unit})"
                                    for o in outputs.itertuples(index=False))]
    return page.table(head, rows, table_id="points-table", numeric_columns=range(len(head)),
                      caption="Each point of the design: the swept values, then each output of "
                              "interest, mean over replicates and its 95% interval.")


def sobol_table(indices: pd.DataFrame, labels: dict[str, str]) -> str:
    rows = [page.row([page.cell(labels.get(r.output, r.output)), page.cell(r.parameter),
                      page.cell(f"{format_value(r.first)}\n"
                                f"{format_interval(r.first_low, r.first_high)}",
                                numeric=True, cls="lines"),
                      page.cell(f"{format_value(r.total)}\n"
                                f"{format_interval(r.total_low, r.total_high)}",
                                numeric=True, cls="lines")],
                     data_output=r.output, data_parameter=r.parameter)
            for r in indices.itertuples(index=False)]
    return page.table(["Output", "Parameter", "First order [95% CI]", "Total order [95% CI]"],
                      rows, table_id="sobol-table", numeric_columns={2, 3},
                      caption="Sobol indices of the mean over replicates at each point, with "
                              "95% percentile bootstrap intervals.")


def sweep_report(results: Results, out_dir: Path) -> Path:
    """Writes the PNG figures and report.html of a sweep file into out_dir."""
    from analysis import sweep_plots as plots  # matplotlib: only once the file is good

    m = results.manifest
    parameters = results.design_parameters()
    points = results.design_points()
    outputs = results.design_outputs()
    outputs = outputs[outputs["of_interest"] == 1]
    point_results = results.point_results()
    indices = results.sobol_indices()
    method = m.get("method", "")
    names = list(parameters["name"])

    figures: list[str] = []

    def add(chart) -> None:
        png = chart.png()
        (out_dir / f"{chart.name}.png").write_bytes(png)
        figures.append(page.figure(chart, png))

    for _, output in outputs.iterrows():
        if method == SOBOL_METHOD and indices is not None:
            add(plots.sobol_chart(output, indices))
        else:
            add(plots.response_chart(output, point_results, points, parameters))

    labels = dict(zip(outputs["name"], outputs["label"]))
    sections = [
        ("figures", "Sobol indices" if method == SOBOL_METHOD else "Responses", figures),
        *([("sobol", "Sobol indices, table", [sobol_table(indices, labels)])]
          if indices is not None else []),
        ("parameters", "Swept parameters", [parameters_table(parameters)]),
        ("points", "Every point", [points_table(points, point_results, outputs, names)]),
        ("design", "Design and scenario",
         ["<details><summary>The design file</summary>"
          f"<pre>{page.escape(m.get('design_text', ''))}</pre></details>",
          "<details><summary>The resolved scenario every point starts from</summary>"
          f"<pre>{page.escape(m.get('scenario_text', ''))}</pre></details>"]),
    ]
    title = m.get("design_name", "spipsim sweep")
    description = " ".join(str(m.get("design_description", "")).split())
    body = [
        f"<header><h1>{page.escape(title)}<small>spipsim sweep report</small></h1>",
        f'<p class="description">{page.escape(description)}</p>',
        page.definition_list(page.manifest_items(m, results.path, [
            ("Design", title), ("Method", method), ("Points", str(m.get("points", ""))),
            ("Scenario", m.get("scenario_name", ""))])),
        "</header>",
        page.contents((i, t) for i, t, _ in sections),
        *(page.section(i, t, content) for i, t, content in sections),
        page.footer(results.path),
    ]
    html_path = out_dir / page.HTML_NAME
    html_path.write_text(page.document(f"spipsim sweep: {title}", body), encoding="utf-8")
    return html_path
