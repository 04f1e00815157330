"""bench/compare.py: the paired ratio and its interval, against values worked by hand."""
import importlib.util
import math
import pathlib

import pytest

_spec = importlib.util.spec_from_file_location(
    "bench_compare", pathlib.Path(__file__).resolve().parents[2] / "bench" / "compare.py")
compare = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compare)


def test_equal_ratios_give_that_ratio_and_a_zero_width_interval():
    ratio, low, high = compare.paired_ratio([10.0, 20.0, 40.0], [9.0, 18.0, 36.0])
    assert ratio == pytest.approx(0.9, rel=1e-12)
    assert low == pytest.approx(0.9, rel=1e-12) and high == pytest.approx(0.9, rel=1e-12)


def test_interval_is_the_student_t_interval_of_the_log_ratios():
    # log ratios ln 2 and ln 0.5: mean 0, sd ln(2) * sqrt(2), t(1) = 12.706, n = 2.
    ratio, low, high = compare.paired_ratio([1.0, 1.0], [2.0, 0.5])
    half = 12.706 * math.log(2) * math.sqrt(2) / math.sqrt(2)
    assert ratio == pytest.approx(1.0, abs=1e-12)
    assert math.log(high) == pytest.approx(half, rel=1e-9)
    assert math.log(low) == pytest.approx(-half, rel=1e-9)


def test_one_pair_has_no_interval():
    ratio, low, high = compare.paired_ratio([2.0], [3.0])
    assert ratio == pytest.approx(1.5) and math.isnan(low) and math.isnan(high)
