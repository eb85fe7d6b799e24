"""gunicorn settings for the benchmarks: quiet, everything else from the command line."""
loglevel = "warning"
accesslog = None
