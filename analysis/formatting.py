"""Numbers as text, with the rules of the console summary (sim/app/console/summary_printer.cpp)
so that a figure reads the same in the terminal and in the report:

- a share (unit ``share``, stored in [0, 1]) as a percentage with one decimal: ``22.9%``;
- otherwise by magnitude: 0 as ``0``, below 10 with two decimals, below 100 with one,
  from 100 on as a whole number with thousands separators: ``26,676,899``;
- NaN or infinity as ``n/a``; an interval from fewer than two replicates as ``[-, -]``;
- a difference (sim/app/console/comparison_printer.cpp) with its sign, ``+5,253`` or
  ``-13.6``, a share's in percentage points, ``-0.36 pp``; a relative change as ``+4.5%``.
"""

from __future__ import annotations

import math

SHARE_UNIT = "share"


def is_share(unit: str) -> bool:
    return unit == SHARE_UNIT


def shown_unit(unit: str) -> str:
    """The unit as printed next to a value: ``%`` for shares."""
    return "%" if is_share(unit) else unit


def format_value(value: float, share: bool = False) -> str:
    if value is None or not math.isfinite(value):
        return "n/a"
    if share:
        return f"{value * 100.0:.1f}%"
    if value == 0.0:
        return "0"
    magnitude = abs(value)
    if magnitude < 10.0:
        return f"{value:.2f}"
    if magnitude < 100.0:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def format_interval(lo: float, hi: float, share: bool = False,
                    replicates: int | None = None) -> str:
    """``[lo, hi]``; ``[-, -]`` when undefined, or when an interval over replicates rests on
    fewer than two (``replicates`` given only for such intervals)."""
    if (replicates is not None and replicates < 2) or not (math.isfinite(lo) and math.isfinite(hi)):
        return "[-, -]"
    return f"[{format_value(lo, share)}, {format_value(hi, share)}]"


def format_percent(value: float) -> str:
    """A share in [0, 1] as a percentage with one decimal, ``n/a`` if undefined."""
    return format_value(value, share=True)


def format_count(value: float) -> str:
    """A whole number with thousands separators."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value:,.0f}"


def format_signed(value: float, share: bool = False, sign: bool = True) -> str:
    """A difference: ``+`` before a positive one; a share's in percentage points, bare."""
    if value is None or not math.isfinite(value):
        return "n/a"
    text = format_value(value * 100.0 if share else value)
    return "+" + text if sign and value > 0 else text


def format_difference(value: float, share: bool = False, sign: bool = True) -> str:
    """``+5,253``, ``-0.36 pp`` (a share's difference in percentage points)."""
    text = format_signed(value, share, sign)
    return text + " pp" if share and text != "n/a" else text


def format_difference_interval(lo: float, hi: float, share: bool = False,
                               replicates: int | None = None, sign: bool = True) -> str:
    """``[+5,007, +5,500]``, in percentage points for a share (without the ``pp``); ``[-, -]``
    when undefined or from fewer than two replicates."""
    if (replicates is not None and replicates < 2) or not (math.isfinite(lo) and math.isfinite(hi)):
        return "[-, -]"
    return f"[{format_signed(lo, share, sign)}, {format_signed(hi, share, sign)}]"


def format_relative(value: float) -> str:
    """A relative change (a fraction) as a signed percentage: ``+4.5%``, ``n/a``."""
    if value is None or not math.isfinite(value):
        return "n/a"
    return f"{value * 100.0:+.1f}%"
