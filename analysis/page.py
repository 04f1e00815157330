"""The pieces of a self-contained HTML report: one file, inline CSS, figures as base64 data
URIs, no script and nothing fetched from elsewhere, so that it can be mailed or archived
and opens the same years later. Every text passes through :func:`escape`.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import os
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

if TYPE_CHECKING:  # plots imports matplotlib, which a page of text does not need
    from analysis.plots import Chart

HTML_NAME = "report.html"
"""The page's file name in the output folder, next to the PNG figures."""

CSS = """
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: #1d2733; margin: 0; background: #f6f7f9; }
main { max-width: 1040px; margin: 0 auto; padding: 24px 32px 48px; background: #fff; }
h1 { font-size: 28px; margin: 0 0 4px; }
h1 small { font-size: 15px; font-weight: normal; color: #5f6b7a; display: block; }
h2 { font-size: 21px; margin: 36px 0 8px; border-bottom: 2px solid #1f5a96; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 22px 0 6px; }
p.description { font-size: 16px; max-width: 70em; }
p.note { color: #5f6b7a; font-size: 13px; }
dl.manifest { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px;
              font-size: 14px; margin: 12px 0; }
dl.manifest dt { color: #5f6b7a; }
dl.manifest dd { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace;
                 overflow-wrap: anywhere; }
nav ul { columns: 3; padding-left: 18px; font-size: 14px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
caption { text-align: left; color: #5f6b7a; font-size: 13px; padding-bottom: 4px; }
th, td { padding: 3px 10px; border-bottom: 1px solid #e3e6ea; text-align: left; }
thead th { border-bottom: 2px solid #9aa5b1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.lines { white-space: pre; }
td.nowrap { white-space: nowrap; }
thead th, thead th.num { white-space: normal; vertical-align: bottom; }
div.scroll { overflow-x: auto; }
tr.group th { background: #eef2f7; font-size: 13px; text-transform: uppercase;
              letter-spacing: .04em; color: #1f5a96; }
figure { margin: 16px 0 28px; }
figure img { max-width: 100%; height: auto; border: 1px solid #e3e6ea; }
figcaption { font-size: 14px; color: #333d48; margin-top: 4px; }
figcaption b { color: #1d2733; }
div.legend { font-size: 13px; color: #333d48; margin: 4px 0; }
span.swatch { display: inline-block; width: 14px; height: 10px; margin: 0 4px 0 10px;
              border: 1px solid #c5ccd4; vertical-align: baseline; }
details pre { background: #f3f4f6; padding: 12px; font-size: 12px; overflow-x: auto; }
footer { margin-top: 40px; font-size: 12px; color: #5f6b7a; }
"""


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def cell(text: str, numeric: bool = False, cls: str | None = None) -> str:
    classes = " ".join(c for c in ("num" if numeric else None, cls) if c)
    attribute = f' class="{classes}"' if classes else ""
    return f"<td{attribute}>{escape(text)}</td>"


def row(cells: Iterable[str], **attributes: str) -> str:
    attrs = "".join(f' {name.replace("_", "-")}="{escape(value)}"'
                    for name, value in attributes.items())
    return f"<tr{attrs}>{''.join(cells)}</tr>"


def group_row(title: str, columns: int) -> str:
    return f'<tr class="group"><th colspan="{columns}">{escape(title)}</th></tr>'


def table(head: Sequence[str], rows: Iterable[str], table_id: str | None = None,
          caption: str | None = None, numeric_columns: Iterable[int] = ()) -> str:
    """``rows`` are rendered by :func:`row`; the headers of ``numeric_columns`` (0-based)
    are right-aligned like the numbers below them."""
    numeric = set(numeric_columns)
    header = "".join(f'<th class="num">{escape(h)}</th>' if i in numeric
                     else f"<th>{escape(h)}</th>" for i, h in enumerate(head))
    ident = f' id="{escape(table_id)}"' if table_id else ""
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return (f'<div class="scroll"><table{ident}>{cap}<thead><tr>{header}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def figure(chart: Chart, png: bytes, note: str | None = None) -> str:
    data = base64.b64encode(png).decode("ascii")
    extra = f" {escape(note)}" if note else ""
    return (f'<figure id="fig-{escape(chart.name)}">'
            f'<img src="data:image/png;base64,{data}" alt="{escape(chart.title)}">'
            f"<figcaption><b>{escape(chart.title)}.</b> {escape(chart.caption)}{extra}"
            "</figcaption></figure>")


def definition_list(items: Iterable[tuple[str, str]]) -> str:
    body = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in items)
    return f'<dl class="manifest">{body}</dl>'


def manifest_items(manifest: Mapping[str, Any], results_path: str,
                   first: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """What a report opens with: ``first`` (which scenarios), then from the file's
    /manifest the seed, replicates, years, first month, version, revision, creation time and
    command line, and the results file's path."""
    m = manifest
    items = [
        *first,
        ("Seed", str(m.get("seed", ""))),
        ("Replicates", str(m.get("replicates", ""))),
        ("Years observed", f"{m.get('years', float('nan')):g}"),
        ("First month", m.get("start_date", "")),
        ("spipsim version", m.get("spipsim_version", "")),
        ("Git revision", m.get("git_revision", "")),
        ("Created (UTC)", m.get("created_utc", "")),
        ("Command line", m.get("command_line", "")),
        ("Results file", os.path.abspath(results_path)),
    ]
    return [(k, str(v)) for k, v in items if str(v) != ""]  # e.g. no first month in a sweep


def footer(results_path: str) -> str:
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (f"<footer>Written by analysis.report on {generated} from "
            f"{escape(os.path.basename(results_path))}. Figures are also in this folder as "
            "PNG files.</footer>")


def section(section_id: str, title: str, body: Iterable[str]) -> str:
    return f'<section id="{escape(section_id)}"><h2>{escape(title)}</h2>{"".join(body)}</section>'


def contents(sections: Iterable[tuple[str, str]]) -> str:
    items = "".join(f'<li><a href="#{escape(i)}">{escape(t)}</a></li>' for i, t in sections)
    return f"<nav><ul>{items}</ul></nav>"


def document(title: str, body: Iterable[str]) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + "\n</main>\n</body>\n</html>\n")
