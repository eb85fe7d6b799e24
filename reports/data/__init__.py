"""Report data builders: everything a report shows (scored, benchmarked, translated, formatted)
as plain data. No Flask, no database, no ReportLab."""
