"""Reports: ``data/`` builds what a report shows as plain data (also rendered by the web pages),
``pdf/`` renders that data as PDF, and ``texts.py`` holds every fixed report text in both
languages."""
