"""Advisory report PDF: ReportLab (ours) against WeasyPrint (an HTML-to-PDF engine a user might
otherwise pick) rendering the same report data in the same run; then `flask report all` for
1 000 companies. Prints medians and the ratio.

Needs WeasyPrint: .venv/bin/pip install -e '.[bench]' (with --quick and without WeasyPrint the
comparison's HTML is still rendered, strictly, but not turned into a PDF).
Run: .venv/bin/python benchmarks/report_pdf.py [--companies 1000] [--quick]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.common import median_wall_cpu_ms  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--companies", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="20 companies, 2 repeats (CI: the script still works)")
    options = parser.parse_args()
    if options.quick:
        options.repeat, options.companies = 2, 20

    import jinja2

    try:
        import weasyprint
    except ImportError:
        if not options.quick:
            raise SystemExit("WeasyPrint is not installed: .venv/bin/pip install -e '.[bench]'")
        weasyprint = None

    from app import create_app
    from questionnaire.results_service import company_results
    from reports.pdf.company import render_company_pdf
    from reports.pdf.charts import forget_charts
    from reports.pdf.paragraph import forget_parsed
    from reports.pdf.subsets import forget_subsets
    from reports.texts import LABELS
    from storage.db import connect
    from storage.responses import latest_submitted
    from web.charts import area_chart_svg
    from web.context import of_app

    workdir = Path(tempfile.mkdtemp(prefix="digianalyysi-report-"))
    env = {**os.environ, "DIGIANALYYSI_SECRET_KEY": "bench", "DIGIANALYYSI_DATABASE": str(workdir / "bench.db"),
           "DIGIANALYYSI_DEPLOYMENT": "local", "DIGIANALYYSI_AUTO_MIGRATE": "true"}
    os.environ.update(env)
    app = create_app()
    import logging
    logging.getLogger("weasyprint").setLevel(logging.WARNING)  # its progress lines, not ours
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load", "--companies", str(options.companies), "--drafts", "0"])
    db = connect(app.config["DATABASE"])
    _, response = latest_submitted(db)[0]
    survey = app.extensions["surveys"].current("tp1")
    with app.app_context():
        data = company_results(of_app(app, "fi"), survey, response)

    template = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
        (ROOT / "benchmarks" / "report_weasyprint.html").read_text(encoding="utf-8"))
    labels = {**LABELS["fi"], "page_word": "sivu"}

    def weasy():
        chart = area_chart_svg([a["name"] for a in data["areas"]], [a["level"] for a in data["areas"]],
                               [a["peer_mean"] for a in data["areas"]], labels["chart_own"], labels["chart_peers"],
                               "0–100")
        chart = chart[chart.index("<svg"):]
        html = template.render(d=data, L=labels, chart=chart)
        return weasyprint.HTML(string=html).write_pdf() if weasyprint else html

    render_company_pdf(data), weasy()  # warm up: fonts, imports
    ours, ours_cpu = median_wall_cpu_ms(lambda: render_company_pdf(data), options.repeat)
    cold, cold_cpu = median_wall_cpu_ms(lambda: render_company_pdf(data), max(5, options.repeat // 3),
                                        before=lambda: (forget_parsed(), forget_charts(), forget_subsets()))
    theirs, theirs_cpu = median_wall_cpu_ms(weasy, max(5, options.repeat // 3))
    engine = f"WeasyPrint {weasyprint.__version__}" if weasyprint else "WeasyPrint not installed (HTML only)"
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, {engine}; load average "
          f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"ReportLab report incl. chart: {ours:7.1f} ms median wall, {ours_cpu:.1f} ms CPU (target <= 60 ms)")
    print(f"  the same, first time in this process (no text parsed, no chart drawn, no font subset made): "
          f"{cold:.1f} ms wall, {cold_cpu:.1f} ms CPU")
    if weasyprint:
        print(f"WeasyPrint, same content:     {theirs:7.1f} ms median wall, {theirs_cpu:.1f} ms CPU")
        print(f"ratio: {theirs / ours:.1f}x wall, {theirs_cpu / ours_cpu:.1f}x CPU "
              f"({theirs_cpu / cold_cpu:.1f}x CPU against the first report) (target >= 10x)")

    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", "report", "all", "-o",
                             str(workdir / "all.zip")],
                            cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    print(f"flask report all, {options.companies} companies: {time.perf_counter() - start:.1f} s "
          f"({result.stdout.strip().splitlines()[-1]})")


if __name__ == "__main__":
    main()
