"""spipsim's analysis package: results files to figures and an HTML report.

- :mod:`analysis.results` opens and checks a results file and returns its tables as
  pandas DataFrames (the only module that knows the HDF5 layout);
- :mod:`analysis.plots` draws the figures (matplotlib, Agg backend);
- :mod:`analysis.page` assembles the self-contained HTML;
- :mod:`analysis.report` is the entry point: ``python3 -m analysis.report RESULTS.h5``.
"""

from analysis.results import Results, ResultsError, open_results

__all__ = ["Results", "ResultsError", "open_results"]
