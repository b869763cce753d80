"""The leadership's monthly report: the figures gathered once (``data``), then written as a PDF (``pdf``) and as
the XLSX of the same tables (``xlsx``). The builders take only a :class:`~duta.analytics.reports.data.ReportData`,
so they run without a database; ``services.reports`` makes both in the background."""
