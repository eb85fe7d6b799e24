"""Spreadsheet and data exports: safe cells (``cells``), responses (``responses``) and the
follow-up comparison (``followup``)."""
