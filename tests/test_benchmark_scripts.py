"""Every script in benchmarks/ runs once, in its quick mode, so that a benchmark cannot break
unnoticed (load_and_crash.py once measured 40 of 800 walks because the per-address draft limit
refused the rest; questionnaire_pages.py crashed on a 429). The figures are not checked here:
docs/benchmarks.md records them, measured by hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
# script -> a line its quick run must print (its last figure)
EXPECTED = {
    "coordinator_scale.py": "    100 responses: dashboard",
    "load_and_crash.py": "[kill] sent 8, confirmed 8, stored 8, duplicates 0, lost 0",
    "questionnaire_pages.py": "complete walks:",
    "report_pdf.py": "flask report all, 20 companies:",
    "scoring_benchmarks.py": "first results view after a submission, 200 stored:",
    "trainings_scale.py": "certificates_zip:",
    "website_check.py": "--all over 16 sites with 8 concurrent checks",
}


def scripts() -> list[str]:
    return sorted(p.name for p in BENCHMARKS.glob("*.py") if 'if __name__ == "__main__":' in p.read_text("utf-8"))


def test_every_benchmark_script_is_run_here():
    assert scripts() == sorted(EXPECTED)


@pytest.mark.parametrize("script", [pytest.param(s, marks=pytest.mark.real_time) if s == "load_and_crash.py" else s
                                    for s in sorted(EXPECTED)])  # it kills workers on a timer
def test_benchmark_runs_in_quick_mode(script, tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}  # its databases go where pytest cleans up
    for name in [k for k in env if k.startswith("DIGIANALYYSI_")]:
        del env[name]
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), "--quick"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=600)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    assert EXPECTED[script] in result.stdout, output[-3000:]
    assert "FAILED" not in output and "Traceback" not in output, output[-3000:]
