"""Reading spipsim results files: the only module that knows the HDF5 layout.

A results file (docs/hdf5-schema.md) is an HDF5 file whose root carries ``spipsim_kind``
(what wrote it: ``run`` today; ``comparison`` and ``sweep`` later),
``spipsim_schema_version`` and ``complete`` (1 once the writer finished). Every table is a
group with one dataset per column and a ``columns`` attribute giving their order; each
column dataset carries ``unit`` and ``description`` attributes.

    with open_results("out/small-site.h5") as results:
        results.manifest["seed"]
        results.summary()            # pandas DataFrame, one row per headline
        results.breakdown("sex")     # DataFrame, one row per subgroup

Every problem with the file itself raises :class:`ResultsError` with a one-line message
that names the file and says what to do.
"""

from __future__ import annotations

import os
from typing import Any

import h5py
import numpy as np
import pandas as pd

SCHEMA_VERSION = 1
"""The results-file layout this module reads (root attribute spipsim_schema_version)."""

READABLE_KINDS = ("run",)
"""Values of the root attribute spipsim_kind whose tables this module knows."""

SUMMARY = "/summary"
REPLICATES = "/replicates"
NATIONAL_SERIES = "/timeseries/national"
SITE_SERIES = "/timeseries/sites"
SURVIVAL = "/survival/reconviction"
SURVIVAL_MONTHLY = "/survival/reconviction_monthly"
BREAKDOWNS = "/breakdowns"
SITES = "/sites"
PERSONS = "/persons"


class ResultsError(Exception):
    """The file is not a results file this package can read; the message says why."""


def _plain(value: Any) -> Any:
    """An HDF5 attribute value as a plain Python value (str, int, float, list)."""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        return value.item()
    return value


def _attributes(obj: h5py.HLObject) -> dict[str, Any]:
    return {name: _plain(value) for name, value in obj.attrs.items()}


class Results:
    """An open, checked results file. Tables are read on request and cached."""

    def __init__(self, path: str | os.PathLike[str]):
        self.path = os.fspath(path)
        self._file = _open_checked(self.path)
        try:
            root = _attributes(self._file)
            self.kind: str = root["spipsim_kind"]
            self.schema_version: int = int(root["spipsim_schema_version"])
            if "/manifest" not in self._file:
                raise ResultsError(
                    f"results file '{self.path}' has no /manifest group although its root says "
                    "it is a spipsim file; the file is damaged: run the simulation again"
                )
            self.manifest: dict[str, Any] = _attributes(self._file["/manifest"])
        except BaseException:
            self._file.close()
            raise
        self._tables: dict[str, pd.DataFrame] = {}

    # -- lifetime -----------------------------------------------------------------------

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Results:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- generic access -----------------------------------------------------------------

    def has_table(self, group: str) -> bool:
        obj = self._file.get(group)
        return isinstance(obj, h5py.Group) and "columns" in obj.attrs

    def table(self, group: str) -> pd.DataFrame:
        """The table stored at ``group`` as a DataFrame, columns in their stored order.

        ``df.attrs`` holds ``units`` and ``descriptions`` (column name -> text) and
        ``meta``, the group's own attributes (e.g. ``method``)."""
        if group not in self._tables:
            try:
                self._tables[group] = self._read_table(group)
            except (OSError, KeyError, ValueError) as error:  # HDF5 could not decode it
                raise ResultsError(f"cannot read table {group} of results file '{self.path}' "
                                   f"({error}); the file is damaged: run the simulation again")
        return self._tables[group]

    def _read_table(self, group: str) -> pd.DataFrame:
        obj = self._file.get(group)
        if not isinstance(obj, h5py.Group) or "columns" not in obj.attrs:
            raise ResultsError(
                f"results file '{self.path}' has no table {group} (expected a group with a "
                f"'columns' attribute, schema version {SCHEMA_VERSION}); the file is damaged "
                "or was written by another tool"
            )
        names = [c for c in _plain(obj.attrs["columns"]).split(",") if c]
        data: dict[str, Any] = {}
        units: dict[str, str] = {}
        descriptions: dict[str, str] = {}
        for name in names:
            dataset = obj.get(name)
            if not isinstance(dataset, h5py.Dataset):
                raise ResultsError(
                    f"results file '{self.path}': table {group} lists column '{name}' but has "
                    "no such dataset; the file is damaged: run the simulation again"
                )
            if h5py.check_string_dtype(dataset.dtype) is not None:
                data[name] = np.asarray(dataset.asstr()[()], dtype=object)
            else:
                data[name] = dataset[()]
            units[name] = _plain(dataset.attrs.get("unit", ""))
            descriptions[name] = _plain(dataset.attrs.get("description", ""))
        lengths = {len(v) for v in data.values()}
        if len(lengths) > 1:
            raise ResultsError(
                f"results file '{self.path}': the columns of table {group} differ in length; "
                "the file is damaged: run the simulation again"
            )
        frame = pd.DataFrame(data, columns=names)
        frame.attrs["units"] = units
        frame.attrs["descriptions"] = descriptions
        frame.attrs["meta"] = {k: v for k, v in _attributes(obj).items() if k != "columns"}
        return frame

    # -- the tables of a run file -------------------------------------------------------

    def summary(self) -> pd.DataFrame:
        """name, label, unit, group, mean, lo, hi, sd, n: one row per headline figure.
        A unit of ``share`` means a value in [0, 1]."""
        return self.table(SUMMARY)

    def replicates(self) -> pd.DataFrame:
        """replicate, name, value: each headline figure per replicate (long format)."""
        return self.table(REPLICATES)

    def national_series(self) -> pd.DataFrame:
        """month, date, then one column per monthly series, means over replicates."""
        return self.table(NATIONAL_SERIES)

    def site_series(self) -> pd.DataFrame:
        """month, date, site, then one column per monthly series."""
        return self.table(SITE_SERIES)

    def survival(self) -> pd.DataFrame:
        """Pooled Kaplan-Meier of time to reconviction: time (days), survival, lo, hi, ..."""
        return self.table(SURVIVAL)

    def survival_monthly(self) -> pd.DataFrame:
        """month, day, mean, lo, hi, replicates: survival per month, mean over replicates."""
        return self.table(SURVIVAL_MONTHLY)

    def breakdown_names(self) -> list[str]:
        """The subgroup variables of /breakdowns, e.g. age_group, sex, risk_tier."""
        group = self._file.get(BREAKDOWNS)
        if not isinstance(group, h5py.Group):
            return []
        return [name for name in group if self.has_table(f"{BREAKDOWNS}/{name}")]

    def breakdown(self, by: str) -> pd.DataFrame:
        """group, n, reconviction_1y/_2y/_5y and reimprisonment_1y (each with _lo, _hi),
        reintegrated_12m, reintegrated_12m_n: one row per subgroup of ``by``."""
        return self.table(f"{BREAKDOWNS}/{by}")

    def sites(self) -> pd.DataFrame:
        """code, name, region, population, unemployment (a share in [0, 1]), officers."""
        sites = self.table(SITES)
        if "unemployment" not in sites:
            return sites
        # Stored in percent: under the unit "percent", or, in the first files of schema 1,
        # under the unit "1" (docs/hdf5-schema.md), where a value above 1 gives it away.
        unit = sites.attrs["units"].get("unemployment")
        if unit == "percent" or (sites["unemployment"] > 1).any():
            sites = sites.copy()
            sites["unemployment"] = sites["unemployment"] / 100
            sites.attrs["units"] = {**sites.attrs["units"], "unemployment": "1"}
        return sites

    def persons(self) -> pd.DataFrame | None:
        """One row per person and replicate, or None when the run had no --person-table."""
        return self.table(PERSONS) if self.has_table(PERSONS) else None


def _open_checked(path: str) -> h5py.File:
    """Opens ``path`` read-only after checking, in order, that it is an HDF5 file, a spipsim
    file, of a kind and schema version this module reads, and complete."""
    if not os.path.exists(path):
        raise ResultsError(f"results file '{path}' does not exist")
    if not os.path.isfile(path):
        raise ResultsError(f"results file '{path}' is not a regular file")
    try:
        is_hdf5 = h5py.is_hdf5(path)
    except OSError as error:
        raise ResultsError(f"cannot read results file '{path}': {error.strerror or error}")
    if not is_hdf5:
        raise ResultsError(
            f"'{path}' is not an HDF5 file; give a results file written by `spipsim run`"
        )
    try:
        file = h5py.File(path, "r")
    except OSError as error:
        raise ResultsError(f"cannot open results file '{path}': {error}")
    try:
        _check_root(path, _attributes(file))
    except BaseException:
        file.close()
        raise
    return file


def _check_root(path: str, root: dict[str, Any]) -> None:
    if "spipsim_kind" not in root or "spipsim_schema_version" not in root:
        raise ResultsError(
            f"'{path}' is an HDF5 file but not a spipsim results file (no spipsim_kind or "
            "spipsim_schema_version attribute at its root)"
        )
    version = root["spipsim_schema_version"]
    if not isinstance(version, int) or version != SCHEMA_VERSION:
        age = "newer" if isinstance(version, int) and version > SCHEMA_VERSION else "older"
        raise ResultsError(
            f"results file '{path}' has schema version {version!r}, but this analysis package "
            f"reads version {SCHEMA_VERSION} only; it was written by an {age} spipsim: use the "
            "analysis/ of that spipsim, or run the scenario again with this one"
        )
    if root.get("complete") != 1:
        raise ResultsError(
            f"results file '{path}' is incomplete (complete = {root.get('complete')!r}): the "
            "run that wrote it did not finish; run the scenario again"
        )
    kind = root["spipsim_kind"]
    if kind not in READABLE_KINDS:
        raise ResultsError(
            f"results file '{path}' is of kind '{kind}'; this analysis package reads only "
            f"{', '.join(repr(k) for k in READABLE_KINDS)} files"
        )


def open_results(path: str | os.PathLike[str]) -> Results:
    """Opens and checks a results file; raises ResultsError if it cannot be read."""
    return Results(path)
