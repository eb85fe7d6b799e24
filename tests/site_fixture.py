"""A local website for the website-check tests: a threaded HTTP server on 127.0.0.1 whose pages
are a dict of path → (status, headers, body or callable). It counts the requests it received."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PAGES_DIR = Path(__file__).parent / "website_pages"


def page(name: str) -> bytes:
    return (PAGES_DIR / name).read_bytes()


HTML = {"Content-Type": "text/html; charset=utf-8"}


def slow_body(handler, seconds: float = 30.0):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.end_headers()
    end = time.monotonic() + seconds
    try:
        handler.wfile.write(b"<html><body>")
        while time.monotonic() < end:
            handler.wfile.write(b"<p>.</p>\n")
            handler.wfile.flush()
            time.sleep(0.2)
    except (BrokenPipeError, ConnectionResetError):
        pass


def huge_body(handler, size: int = 5 * 1024 * 1024):
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(size))
    handler.end_headers()
    chunk = b"<p>" + b"x" * 1017 + b"</p>\n"
    try:
        for _ in range(size // len(chunk)):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


class Site:
    def __init__(self, routes: dict):
        self.routes = routes
        self.requests: list[tuple[str, str, dict]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                site.requests.append((self.headers.get("Host", ""), self.path, dict(self.headers)))
                route = site.routes.get(self.path.split("?")[0])
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    self.wfile.write(b"<html><body>not found</body></html>")
                    return
                if callable(route):
                    route(self)
                    return
                status, headers, body = route
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
