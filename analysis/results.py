"""Reading spipsim results files: the only module that knows the HDF5 layout.

A results file (docs/hdf5-schema.md) is an HDF5 file whose root carries ``spipsim_kind``
(what wrote it: ``run`` for `spipsim run`, ``compare`` for `spipsim compare`, ``sweep``
for `spipsim sweep` and `spipsim merge`),
``spipsim_schema_version`` and ``complete`` (1 once the writer finished). Every table is a
group with one dataset per column and a ``columns`` attribute giving their order; each
column dataset carries ``unit`` and ``description`` attributes.

    with open_results("out/small-site.h5") as results:
        results.manifest["seed"]
        results.summary()            # pandas DataFrame, one row per headline
        results.breakdown("sex")     # DataFrame, one row per subgroup

A comparison file holds the same tables once per scenario, under ``/scenarios/<name>``,
and one table of paired differences per variant:

    with open_results("out/small-site-vs-staff.h5") as results:
        base, *variants = results.scenarios()   # ScenarioRun: name, role, description, ...
        base.summary()                          # the same accessors as a run file
        results.comparison("staff")             # one row per figure: base, variant, diff
        results.cost_per_reconviction_avoided("staff")

Every problem with the file itself raises :class:`ResultsError` with a one-line message
that names the file and says what to do.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import h5py
import numpy as np
import pandas as pd

SCHEMA_VERSION = 1
"""The results-file layout this module reads (root attribute spipsim_schema_version)."""

RUN_KIND = "run"
COMPARISON_KIND = "compare"
SWEEP_KIND = "sweep"
READABLE_KINDS = (RUN_KIND, COMPARISON_KIND, SWEEP_KIND)
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
SCENARIO_LIST = "/scenario_list"
SCENARIOS = "/scenarios"
COMPARISONS = "/comparison"
DESIGN_PARAMETERS = "/design/parameters"
DESIGN_POINTS = "/design/points"
DESIGN_OUTPUTS = "/design/outputs"
POINT_RESULTS = "/results/points"
SOBOL = "/sensitivity/sobol"

# The rows of /comparison/<variant> after the headlines of /summary, with the headline
# group they belong to (sim/experiment/outcomes/scenario_comparison.cpp puts the flow of
# reconvictions with recidivism).
COMPARISON_EXTRA_GROUPS = {"reconvictions_per_year": "Recidivism"}


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


class RunTables:
    """The tables of one run: the whole of a run file, or one scenario of a comparison file
    (the same layout under ``/scenarios/<name>``). Tables are read through ``source`` and
    cached there."""

    def __init__(self, source: Results, prefix: str = ""):
        self._source = source
        self.prefix = prefix

    def _path(self, group: str) -> str:
        return self.prefix + group

    def summary(self) -> pd.DataFrame:
        """name, label, unit, group, mean, lo, hi, sd, n: one row per headline figure.
        A unit of ``share`` means a value in [0, 1]."""
        return self._source.table(self._path(SUMMARY))

    def replicates(self) -> pd.DataFrame:
        """replicate, name, value: each headline figure per replicate (long format)."""
        return self._source.table(self._path(REPLICATES))

    def national_series(self) -> pd.DataFrame:
        """month, date, then one column per monthly series, means over replicates."""
        return self._source.table(self._path(NATIONAL_SERIES))

    def site_series(self) -> pd.DataFrame:
        """month, date, site, then one column per monthly series."""
        return self._source.table(self._path(SITE_SERIES))

    def survival(self) -> pd.DataFrame:
        """Pooled Kaplan-Meier of time to reconviction: time (days), survival, lo, hi, ..."""
        return self._source.table(self._path(SURVIVAL))

    def survival_monthly(self) -> pd.DataFrame:
        """month, day, mean, lo, hi, replicates: survival per month, mean over replicates."""
        return self._source.table(self._path(SURVIVAL_MONTHLY))

    def breakdown_names(self) -> list[str]:
        """The subgroup variables of /breakdowns, e.g. age_group, sex, risk_tier."""
        return self._source.tables_under(self._path(BREAKDOWNS))

    def breakdown(self, by: str) -> pd.DataFrame:
        """group, n, reconviction_1y/_2y/_5y and reimprisonment_1y (each with _lo, _hi),
        reintegrated_12m, reintegrated_12m_n: one row per subgroup of ``by``."""
        return self._source.table(self._path(f"{BREAKDOWNS}/{by}"))

    def sites(self) -> pd.DataFrame:
        """code, name, region, population, unemployment (a share in [0, 1]), officers."""
        sites = self._source.table(self._path(SITES))
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
        path = self._path(PERSONS)
        return self._source.table(path) if self._source.has_table(path) else None


class Results(RunTables):
    """An open, checked results file. Tables are read on request and cached.

    The run accessors it inherits (summary(), ...) read a run file's tables; in a
    comparison file each scenario's are on :meth:`scenarios`."""

    def __init__(self, path: str | os.PathLike[str]):
        super().__init__(self)
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

    def tables_under(self, group: str) -> list[str]:
        """Names of the tables directly under ``group`` (none if there is no such group)."""
        obj = self._file.get(group)
        if not isinstance(obj, h5py.Group):
            return []
        return [name for name in obj if self.has_table(f"{group}/{name}")]

    # -- the tables of a comparison file ------------------------------------------------

    def _require_comparison(self, what: str) -> None:
        if self.kind != COMPARISON_KIND:
            raise ResultsError(f"results file '{self.path}' is of kind '{self.kind}': it has no "
                               f"{what} (only `spipsim compare` files do)")

    def scenario_list(self) -> pd.DataFrame:
        """index, name, role (base or variant), description, scenario_text: base first."""
        self._require_comparison("scenario list")
        return self.table(SCENARIO_LIST)

    def scenarios(self) -> list[ScenarioRun]:
        """Every scenario of a comparison, base first, each with the run accessors."""
        runs = []
        for row in self.scenario_list().itertuples(index=False):
            prefix = f"{SCENARIOS}/{row.name}"
            if not isinstance(self._file.get(prefix), h5py.Group):
                raise ResultsError(f"results file '{self.path}' lists scenario '{row.name}' but "
                                   f"has no group {prefix}; the file is damaged: run the "
                                   "comparison again")
            runs.append(ScenarioRun(self, prefix, row.name, row.role, row.description,
                                    row.scenario_text))
        return runs

    def variants(self) -> list[str]:
        """The variants' names, in command-line order."""
        return [run.name for run in self.scenarios() if run.role != "base"]

    def comparison(self, variant: str) -> pd.DataFrame:
        """One row per figure of ``variant`` against the base, in the file's order: name,
        label, unit, base_mean, variant_mean, diff_mean (variant - base, paired by
        replicate), diff_lo, diff_hi (95% interval), relative_change (diff over the base
        mean), n (pairs used). Shares and their differences are in [0, 1].

        Three columns are added, not stored: ``group`` (the headline group: Recidivism,
        Reintegration, Workload, Costs), and ``relative_lo``, ``relative_hi``, the interval
        of diff_mean over the same base mean as relative_change (NaN where that is)."""
        self._require_comparison("paired comparison")
        stored = self.table(f"{COMPARISONS}/{variant}")
        table = stored.copy()
        table.attrs = stored.attrs
        base = self.scenarios()[0].summary()
        groups = dict(zip(base["name"], base["group"]))
        table["group"] = [groups.get(n, COMPARISON_EXTRA_GROUPS.get(n, "Other"))
                          for n in table["name"]]
        # relative_change = diff_mean / (base mean over the paired replicates), so that base
        # mean is diff_mean / relative_change; with no difference, the base's own mean.
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = table["relative_change"].to_numpy(dtype=float)
            paired_base = np.where(np.isfinite(rel) & (rel != 0),
                                   table["diff_mean"].to_numpy(dtype=float) / rel,
                                   table["base_mean"].to_numpy(dtype=float))
            paired_base = np.where(np.isfinite(rel), paired_base, np.nan)
            ends = np.vstack([table["diff_lo"].to_numpy(dtype=float) / paired_base,
                              table["diff_hi"].to_numpy(dtype=float) / paired_base])
        table["relative_lo"] = np.min(ends, axis=0)
        table["relative_hi"] = np.max(ends, axis=0)
        table.attrs["units"] = {**stored.attrs["units"], "group": "", "relative_lo": "1",
                                "relative_hi": "1"}
        return table

    def cost_per_reconviction_avoided(self, variant: str) -> CostPerReconvictionAvoided:
        """The extra cost per reconviction avoided of ``variant``, with its parts."""
        self._require_comparison("cost per reconviction avoided")
        meta = self.table(f"{COMPARISONS}/{variant}").attrs["meta"]
        key = "cost_per_reconviction_avoided"
        try:
            def estimate(prefix: str) -> Estimate:
                return Estimate(float(meta[prefix]), float(meta[f"{prefix}_lo"]),
                                float(meta[f"{prefix}_hi"]))

            return CostPerReconvictionAvoided(
                cost_difference=estimate("cost_difference_per_year"),
                avoided=estimate("reconvictions_avoided_per_year"),
                ratio=estimate(key), n=int(meta[f"{key}_n"]), method=str(meta[f"{key}_method"]))
        except (KeyError, TypeError, ValueError) as error:
            raise ResultsError(f"results file '{self.path}': /comparison/{variant} lacks the "
                               f"cost per reconviction avoided ({error}); the file is damaged "
                               "or was written by another tool")


    # -- the tables of a sweep file -----------------------------------------------------

    def _sweep_table(self, group: str) -> pd.DataFrame:
        if self.kind != SWEEP_KIND:
            raise ResultsError(f"results file '{self.path}' is of kind '{self.kind}': it has no "
                               f"{group} (only `spipsim sweep` files do)")
        return self.table(group)

    def design_parameters(self) -> pd.DataFrame:
        """name, kind, unit, choices, min, max, levels, description: one row per swept
        parameter, in design order."""
        return self._sweep_table(DESIGN_PARAMETERS)

    def design_points(self) -> pd.DataFrame:
        """point, block (Sobol designs), then one column per swept parameter: its value."""
        return self._sweep_table(DESIGN_POINTS)

    def design_outputs(self) -> pd.DataFrame:
        """name, label, unit, of_interest (1 if the design lists it): every headline."""
        return self._sweep_table(DESIGN_OUTPUTS)

    def point_results(self) -> pd.DataFrame:
        """point, output, unit, mean, low, high (95% interval over replicates), sd, n."""
        return self._sweep_table(POINT_RESULTS)

    def sobol_indices(self) -> pd.DataFrame | None:
        """output, parameter, first, first_low, first_high, total, total_low, total_high
        (95% bootstrap intervals); None unless the design's method is sobol."""
        return self._sweep_table(SOBOL) if self.has_table(SOBOL) else None


class ScenarioRun(RunTables):
    """One scenario of a comparison file: its name (the group under /scenarios), role
    (``base`` or ``variant``), description, resolved scenario text, and its tables."""

    def __init__(self, source: Results, prefix: str, name: str, role: str, description: str,
                 scenario_text: str):
        super().__init__(source, prefix)
        self.name, self.role = name, role
        self.description, self.scenario_text = description, scenario_text


@dataclass(frozen=True)
class Estimate:
    """A mean with its 95% interval; lo and hi are NaN when there is no interval."""

    mean: float
    lo: float
    hi: float


RATIO_METHODS = {
    "per_replicate": "every replicate avoided some reconvictions: the ratio in each "
                     "replicate, then its mean and 95% interval",
    "ratio_of_means": "some replicate avoided none, so there is no useful interval: the "
                      "mean extra cost over the mean number avoided",
    "no_reconvictions_avoided": "not meaningful: the variant avoids no reconvictions on "
                                "average",
}
"""The methods of the cost per reconviction avoided (sim/experiment/outcomes/scenario_comparison.hpp)
and what each means."""


@dataclass(frozen=True)
class CostPerReconvictionAvoided:
    """(cost of variant - cost of base) / (reconvictions of base - of variant), per year,
    paired by replicate; ``method`` is a key of RATIO_METHODS and says how ``ratio`` was
    estimated (its lo, hi are NaN unless ``per_replicate``; its mean is NaN when no
    reconvictions are avoided on average). Negative: the variant saves money and avoids
    reconvictions."""

    cost_difference: Estimate  # EUR/year, variant - base
    avoided: Estimate          # people/year, base - variant
    ratio: Estimate            # EUR per reconviction avoided
    n: int                     # replicates used
    method: str

    @property
    def method_text(self) -> str:
        return RATIO_METHODS.get(self.method, self.method.replace("_", " "))

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
