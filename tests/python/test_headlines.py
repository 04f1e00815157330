"""The headline catalogue is one file for C++ and Python: the parsed rows are the rows of a
results file's /summary, in the same order, with the same labels, units and groups."""
import pytest

from analysis.headlines import CATALOGUE, HEADLINE_GROUPS, parse_catalogue
from analysis.results import open_results


def test_the_summary_of_a_run_is_the_catalogue(results_file):
    summary = open_results(results_file).summary()
    rows = [tuple(r) for r in summary[["name", "label", "unit", "group"]].itertuples(index=False)]
    assert rows == [tuple(spec) for spec in CATALOGUE.headlines]
    assert HEADLINE_GROUPS == ("Recidivism", "Reintegration", "Workload", "Costs")


def test_the_comparison_figures_follow_the_headlines(comparison_file):
    results = open_results(comparison_file)
    table = results.comparison(results.variants()[0])
    extra = [n for n in table["name"] if n not in {h.name for h in CATALOGUE.headlines}]
    assert extra == [f.name for f in CATALOGUE.comparison_figures]
    assert set(table.loc[table["name"].isin(extra), "group"]) == {"Recidivism"}


def test_a_line_that_is_not_a_row_is_refused_with_its_place():
    with pytest.raises(ValueError, match=r"x.def:2: not a catalogue row"):
        parse_catalogue('SPIPSIM_HEADLINE_GROUP(A)\nSPIPSIM_HEADLINE("a", "b")\n', "x.def")
    with pytest.raises(ValueError, match=r"x.def:1: group B is not declared"):
        parse_catalogue('SPIPSIM_HEADLINE("a", "b", "c", B)\n', "x.def")
