"""Reports: a data-building step that gathers everything a report shows (scored, benchmarked,
translated, formatted) into plain data, then renderers (the results page template; PDF later)
that only turn that data into output."""
