"""The road in the run report (issue 11, item 5): each site's officer hours of travel per
in-person contact and the share of its contact hours spent on the road, in the sites table
and as maps of France, equal to what an independent reading of the file gives; and the
extremes: no contact away from an office gives no road at all, a slow road gives more."""

from __future__ import annotations

import math
from pathlib import Path

import h5py
import pytest

from conftest import SCENARIO, make_report, simulate
from report_html import ReportPage
from test_france_map import fills

from analysis import france_map


def road_from_file(path: Path) -> dict[str, tuple[float, float]]:
    """code -> (travel hours per in-person contact, share of contact hours on the road), read
    with h5py alone: /sites, and /timeseries/sites summed over the window's months."""
    with h5py.File(path, "r") as f:
        codes = [c.decode() for c in f["/sites/code"][()]]
        per_contact = f["/sites/travel_hours_per_contact"][()]
        site = [c.decode() for c in f["/timeseries/sites/site"][()]]
        travel = f["/timeseries/sites/hours_travel"][()]
        contacts = f["/timeseries/sites/hours_contacts"][()]
    out = {}
    for i, code in enumerate(codes):
        road = sum(t for s, t in zip(site, travel) if s == code)
        total = road + sum(c for s, c in zip(site, contacts) if s == code)
        out[code] = (float(per_contact[i]), road / total if total > 0 else math.nan)
    return out


def table_cells(report: Path) -> dict[str, list[str]]:
    page = ReportPage((report / "report.html").read_text(encoding="utf-8"))
    return {row.cells[0]: row.cells for row in page.tables["sites-table"][1:]}


@pytest.fixture(scope="session")
def road_runs(binary: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """small-site with today's road, with every in-person contact at an office (no road), and
    with every contact away and a 5 km/h road: 2 replicates, 2 years each."""
    folder = tmp_path_factory.mktemp("road")
    settings = {"today": "", "no-road": "[travel]\naway_share = 0.0\n",
                "slow-road": "[travel]\naway_share = 1.0\nspeed_rural_kmh = 5.0\n"
                             "speed_urban_kmh = 5.0\n"}
    reports = {}
    for name, text in settings.items():
        scenario = folder / f"{name}.toml"
        scenario.write_text(f'description = "road test: {name}"\nextends = "{SCENARIO}"\n\n'
                            + text, encoding="utf-8")
        out = folder / f"{name}.h5"
        simulate(binary, "run", scenario, "--replicates", "2", "--years", "2", "--out", out)
        reports[name] = make_report(out, folder / f"{name}-report")
        reports[name + ".h5"] = out
    return reports


def test_the_sites_table_shows_the_road_of_the_file(road_runs: dict[str, Path]):
    expected = road_from_file(road_runs["today.h5"])
    cells = table_cells(road_runs["today"])
    assert set(cells) == set(expected)
    for code, (per_contact, share) in expected.items():
        assert per_contact > 0 and 0 < share < 1, code  # Côte-d'Or: about 24 minutes
        # Formatting as the console does: 2 decimals under 10, a share in % with 1 decimal.
        assert cells[code][6] == f"{per_contact:.2f}", code
        assert cells[code][7] == f"{100 * share:.1f}%", code


def test_the_road_maps_colour_the_simulated_site(road_runs: dict[str, Path]):
    html = (road_runs["today"] / "report.html").read_text(encoding="utf-8")
    for map_id in ("map-travel-per-contact", "map-road-share"):
        colours = fills(html, map_id)
        assert colours["21"] in france_map.PALETTE, map_id
        assert colours["75"] == france_map.NO_VALUE, map_id  # Paris is not simulated
    assert "<script" not in html


def test_the_extremes_of_the_road(road_runs: dict[str, Path]):
    none = road_from_file(road_runs["no-road.h5"])["21"]
    today = road_from_file(road_runs["today.h5"])["21"]
    slow = road_from_file(road_runs["slow-road.h5"])["21"]
    # No contact away from an office: not a minute on the road, exactly.
    assert none == (0.0, 0.0)
    assert table_cells(road_runs["no-road"])["21"][6:8] == ["0", "0.0%"]
    # Every contact away, at 5 km/h: more road per contact and a larger share on the road.
    assert slow[0] > today[0] and slow[1] > today[1]
