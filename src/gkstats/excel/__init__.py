"""The Excel add-in: ribbon buttons that run gkstats through xlwings.

- :mod:`~gkstats.excel.build` builds ``gkstats.xlam`` from xlwings' quickstart ribbon add-in,
  our ribbon XML and our one VBA module (``assets/``);
- :mod:`~gkstats.excel.install` puts it in Excel's startup folder and writes the config that
  names the interpreter; :mod:`~gkstats.excel.doctor` says what is missing;
- :mod:`~gkstats.excel.buttons` maps each ribbon button to its command and
  :mod:`~gkstats.excel.dispatch` runs it on ``xw.Book.caller()``, through the xlwings gateway
  (``_xlwings_gateway``: desktop Excel's API only, few round trips), all or nothing
  (``_undo``); the few things xlwings' engines cannot say go through ``.api`` (``_desktop``).

Nothing here imports xlwings at module level: xlwings is the optional ``excel`` extra.
"""
