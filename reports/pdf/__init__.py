"""PDF renderers (ReportLab): one per report, built from section functions on the shared
``kit``; each sees only its data."""
