"""The trainings' documents: the participation certificate's data (``certificate_data``) and its
ReportLab renderer (``certificate``), built on the shared kit in ``reports/pdf/kit.py``."""
