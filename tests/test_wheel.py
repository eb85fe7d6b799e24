"""`pip install .` serves the site from any directory (issue 27 item 8): the wheel carries the
templates, the stylesheet, the compiled message catalogues and the data files. Built here, installed
into a fresh virtual environment (its dependencies are this environment's, so nothing is
downloaded), and served by gunicorn from another directory."""

import http.client
import os
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.test_log_redaction import free_port, wait_for

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_serves_every_kind_of_file_from_another_directory(tmp_path):
    source = tmp_path / "source"  # built from a copy: setuptools writes build/ and *.egg-info where it builds
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".venv", ".git", "build", "tests", "test-artifacts", "instance", "__pycache__", "*.egg-info", ".*cache",
        ".hypothesis", "benchmarks", "docs"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                            str(source)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next((tmp_path / "dist").glob("digianalyysi-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("templates/base.html", "templates/questionnaire/resume_email.txt", "static/style.css",
                   "static/favicon.ico", "translations/fi/LC_MESSAGES/messages.mo", "surveys/definitions/tp1-v1.toml",
                   "projectdata/trainings.toml", "projectdata/branding/digifocus.png",
                   "digianalyysi-0.1.0.data/data/share/digianalyysi/gunicorn.conf.py"):
        assert needed in names, needed

    fresh = tmp_path / "fresh"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(fresh)], check=True, timeout=120)
    python = fresh / "bin" / "python"
    installed = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
                                str(wheel)], capture_output=True, text=True, timeout=600)
    assert installed.returncode == 0, installed.stderr
    # the dependencies from this environment, but not its editable link to the source checkout
    # (a path in a .pth file is added as it is; .pth files inside it are not read)
    fresh_site = next(fresh.glob("lib/python3*/site-packages"))
    (fresh_site / "dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("DIGIANALYYSI_", "FLASK_", "PYTHON"))},
           "DIGIANALYYSI_SECRET_KEY": "w" * 40, "DIGIANALYYSI_DATABASE": str(tmp_path / "data" / "w.db"),
           "DIGIANALYYSI_DEPLOYMENT": "local", "DIGIANALYYSI_SESSION_COOKIE_SECURE": "false"}
    where = subprocess.run([str(python), "-c", "import app, web; print(app.__file__)"], cwd=elsewhere, env=env,
                           capture_output=True, text=True, timeout=60)
    assert where.stdout.startswith(str(fresh_site)), (where.stdout, where.stderr)
    upgrade = subprocess.run([str(python), "-m", "flask", "--app", "app", "db", "upgrade"], cwd=elsewhere, env=env,
                             capture_output=True, text=True, timeout=120)
    assert upgrade.returncode == 0, upgrade.stderr
    port = free_port()
    server = subprocess.Popen([str(python), "-m", "gunicorn", "-c", str(fresh / "share/digianalyysi/gunicorn.conf.py"),
                               "--workers", "1", "--bind", f"127.0.0.1:{port}", "app:create_app()"], cwd=elsewhere,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for(port)
        pages = {path: get(port, path) for path in ("/?lang=fi", "/tietosuoja?lang=en", "/static/style.css",
                                                    "/favicon.ico", "/terveys")}
    finally:
        server.terminate()
        server.wait(30)
    assert all(status == 200 for status, _ in pages.values()), {p: s for p, (s, _) in pages.items()}
    assert "Aloita analyysi" in pages["/?lang=fi"][1]  # the Finnish catalogue
    assert "Logs and IP addresses" in pages["/tietosuoja?lang=en"][1]
    assert '"status":"ok"' in pages["/terveys"][1].replace(" ", "")


def get(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def test_the_health_checks_fingerprint_covers_exactly_the_release():
    import tomllib

    from web.startup import RELEASE

    include = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]["include"]
    assert sorted(RELEASE) == sorted(pattern.rstrip("*") for pattern in include)
