"""The headline catalogue, read from sim/experiment/outcomes/headlines.def: the file the
C++ code compiles (X-macros), so that analysis/ keeps no list of headlines or groups of its
own. The report runs from the source tree, where that file is."""
from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

CATALOGUE_FILE = (Path(__file__).resolve().parent.parent / "sim" / "experiment" / "outcomes"
                  / "headlines.def")

_GROUP = re.compile(r"^SPIPSIM_HEADLINE_GROUP\(\s*(\w+)\s*\)$")
_ROW = re.compile(r'^SPIPSIM_(HEADLINE|COMPARISON_FIGURE)\(\s*"([^"]*)",\s*"([^"]*)",'
                  r'\s*"([^"]*)",\s*(\w+)\s*\)$')


class HeadlineSpec(NamedTuple):
    """One row of the catalogue: name (the results schema's), label, unit, group."""
    name: str
    label: str
    unit: str
    group: str


class Catalogue(NamedTuple):
    groups: tuple[str, ...]                 # in reporting order
    headlines: tuple[HeadlineSpec, ...]     # every headline of a run, in reporting order
    comparison_figures: tuple[HeadlineSpec, ...]  # figures of `compare` that are not headlines


def parse_catalogue(text: str, source: str = "headlines.def") -> Catalogue:
    """The rows of a catalogue text; a line that is neither a row, a comment nor blank is an
    error naming the file and line (the C++ compiler would refuse it too)."""
    groups: list[str] = []
    rows: dict[str, list[HeadlineSpec]] = {"HEADLINE": [], "COMPARISON_FIGURE": []}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("//"):
            continue
        if match := _GROUP.match(line):
            groups.append(match.group(1))
        elif match := _ROW.match(line):
            kind, name, label, unit, group = match.groups()
            if group not in groups:
                raise ValueError(f"{source}:{number}: group {group} is not declared above")
            rows[kind].append(HeadlineSpec(name, label, unit, group))
        else:
            raise ValueError(f"{source}:{number}: not a catalogue row: {line}")
    return Catalogue(tuple(groups), tuple(rows["HEADLINE"]), tuple(rows["COMPARISON_FIGURE"]))


CATALOGUE = parse_catalogue(CATALOGUE_FILE.read_text(encoding="utf-8"), str(CATALOGUE_FILE))
HEADLINE_GROUPS = CATALOGUE.groups
