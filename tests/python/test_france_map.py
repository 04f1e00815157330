"""The map of France by département: the vendored outlines and their licence, the colouring
of a choropleth, and the maps in the run and allocation reports (present and coloured)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import france_map
from conftest import SOURCE_DIR, make_report, simulate

PATH_FILL = re.compile(r'<path d="[^"]+" fill="(#[0-9a-f]{6})"[^>]*data-code="([^"]+)"')


def fills(html: str, map_id: str) -> dict[str, str]:
    """département code -> fill colour of the map with that id in a page."""
    start = html.index(f'id="{map_id}"')
    end = html.index("</figure>", start)
    return {code: fill for fill, code in PATH_FILL.findall(html[start:end])}


def test_the_vendored_map_has_every_metropolitan_departement_and_its_licence():
    viewbox, paths = france_map.outlines()
    codes = {code for code, _, _ in paths}
    assert viewbox == "0 0 613 585"
    assert len(paths) == 96
    assert {"01", "2A", "2B", "21", "75", "95"} <= codes
    licence = (SOURCE_DIR / "analysis" / "maps" / "LICENSE.md").read_text(encoding="utf-8")
    assert "Attribution 4.0 International" in licence
    assert "CC BY 4.0" in (SOURCE_DIR / "analysis" / "maps" / "SOURCE.md").read_text()


def test_a_choropleth_colours_low_and_high_values_apart_and_missing_ones_grey():
    values = {"21": 10.0, "75": 50.0, "13": 30.0, "974": 5.0}
    html = france_map.choropleth(values, "Test", "cases", "map-test")
    colours = fills(html, "map-test")
    assert colours["21"] == france_map.PALETTE[0]       # the smallest value
    assert colours["75"] == france_map.PALETTE[-1]      # the largest
    assert colours["13"] == france_map.PALETTE[2]       # the middle class
    assert colours["39"] == france_map.NO_VALUE         # not given
    assert "974 La Réunion: 5.0" in html                # overseas: listed, not drawn
    assert "CC BY 4.0" in html


def test_the_run_report_maps_per_site_figures(report_dir: Path):
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    colours = fills(html, "map-officers")
    assert len(colours) == 96
    assert colours["21"] != france_map.NO_VALUE  # small-site simulates Côte-d'Or
    assert "<script" not in html and "http://www.w3.org/2000/svg" in html


@pytest.fixture(scope="session")
def allocation_file(binary: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("allocation") / "small-region.h5"
    simulate(binary, "allocate", SOURCE_DIR / "scenarios" / "allocations" / "small-region.toml",
             "--out", out)
    return out


def test_the_allocation_report_maps_the_plan(allocation_file: Path,
                                             tmp_path_factory: pytest.TempPathFactory):
    out = make_report(allocation_file, tmp_path_factory.mktemp("allocation-report"))
    html = (out / "report.html").read_text(encoding="utf-8")
    colours = fills(html, "map-greedy")
    simulated = {"21", "39", "70"}
    assert all(colours[c] in france_map.PALETTE for c in simulated)
    assert all(colours[c] == france_map.NO_VALUE for c in colours if c not in simulated)
    assert 'id="effects-table"' in html and 'id="plan-table"' in html
    assert "beats pro rata population" in html
