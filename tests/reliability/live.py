"""Real app servers for the reliability tests: gunicorn on a loopback port, and a small browser
(cookies, CSRF tokens from the page's own forms, no redirect following) to drive them."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

from tests.conftest import PASSWORD
from tests.security.html_forms import parse_page

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
SECRET_KEY = "reliability-tests-secret-key-0123456789abcdef"  # noqa: S105


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """One gunicorn (master and workers in a process group of their own)."""

    process: subprocess.Popen
    port: int
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def kill(self) -> None:
        """SIGKILL the master and every worker at once: no shutdown code runs."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def kill_workers(self) -> None:
        """SIGKILL the workers only, as the kernel's OOM killer would; the master starts new
        ones (forked from the loaded app, so in well under a second), and this waits for them."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        for pid in children.read_text().split():
            os.kill(int(pid), signal.SIGKILL)
        _wait_until_answering(self)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(database_url: str, store: Path, log: Path, *, workers: int = 2,
                 **environment: str) -> Server:
    """gunicorn with the deployment's settings (deploy/gunicorn.conf.py) over ``database_url``,
    in development mode (plain-HTTP cookies, no two-step sign-in), answering /healthz."""
    server = spawn_server(database_url, store, log, workers=workers, **environment)
    _wait_until_answering(server)
    return server


def start_servers(count: int, database_url: str, store: Path, logs: Path, *,
                  workers: int = 1, **environment: str) -> list[Server]:
    """Several app servers over one database, started side by side."""
    servers = [spawn_server(database_url, store, logs / f"gunicorn-{n}.log", workers=workers,
                            **environment) for n in range(count)]
    try:
        for server in servers:
            _wait_until_answering(server)
    except AssertionError:
        for server in servers:
            server.stop()
        raise
    return servers


def spawn_server(database_url: str, store: Path, log: Path, *, workers: int,
                 **environment: str) -> Server:
    port = free_port()
    env = {**os.environ, "SUPERVISE_ENV": "development", "SECRET_KEY": SECRET_KEY,
           "DATABASE_URL": database_url, "SUPERVISE_DOCUMENT_STORE": str(store),
           "SUPERVISE_BIND": f"127.0.0.1:{port}", "SUPERVISE_WORKERS": str(workers),
           "SUPERVISE_INSTANCE_PATH": str(store.parent / "instance"), **environment}
    handle = open(log, "ab")  # noqa: SIM115  (the server writes to it until it stops)
    process = subprocess.Popen([str(GUNICORN), "-c", "deploy/gunicorn.conf.py",
                                "--no-control-socket", "wsgi:app"],
                               cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT,
                               start_new_session=True)
    handle.close()
    return Server(process, port, log)


def _wait_until_answering(server: Server) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise AssertionError(f"gunicorn exited: {server.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(server.base + "/healthz", timeout=1) as reply:  # noqa: S310
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.1)
    server.kill()
    raise AssertionError(f"gunicorn did not answer: {server.log.read_text()[-2000:]}")


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


class Browser:
    """One person's browser: its own cookies; forms filled from the page as served."""

    def __init__(self, base: str):
        self.base = base
        self.before_post: Callable[[], object] = lambda: None  # a test's hook
        self.cookies = CookieJar()
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None, timeout: float = 15) -> Reply:
        request = urllib.request.Request(self.base + path, data=body, method=method,  # noqa: S310
                                         headers=headers or {})
        try:
            with self._opener.open(request, timeout=timeout) as reply:
                return Reply(reply.status, dict(reply.headers), reply.read().decode())
        except urllib.error.HTTPError as error:
            return Reply(error.code, dict(error.headers), error.read().decode())

    def get(self, path: str, **kwargs) -> Reply:  # type: ignore[no-untyped-def]
        return self.request("GET", path, **kwargs)

    def submit(self, path: str, values: dict[str, str | list[str]] | None = None, *,
               action: str | None = None, files: dict[str, tuple[str, bytes]] | None = None,
               timeout: float = 15) -> Reply:
        """Open ``path``, take its form (the one posting to ``action``, else the last with a
        CSRF token), change ``values``, attach ``files`` and send it, as a person would."""
        page = self.get(path, timeout=timeout)
        forms = [f for f in parse_page(page.text, self.base + path)[0]
                 if f.method == "post" and "csrf_token" in f.fields]
        form = next(f for f in reversed(forms)
                    if action is None or urllib.parse.urlsplit(f.action).path == action)
        data = {**form.served_values(), **{k: v if isinstance(v, list) else [v]
                                           for k, v in (values or {}).items()}}
        target = urllib.parse.urlsplit(form.action).path
        if files:
            body, content_type = _multipart(data, files)
        else:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            content_type = "application/x-www-form-urlencoded"
        self.before_post()
        return self.request("POST", target, body, {"Content-Type": content_type},
                            timeout=timeout)

    def sign_in(self, email: str) -> Reply:
        reply = self.submit("/login", {"email": email, "password": PASSWORD})
        assert reply.status == 302, reply.text[:500]
        return reply


def _multipart(data: dict[str, list[str]], files: dict[str, tuple[str, bytes]]
               ) -> tuple[bytes, str]:
    boundary = "----supervise-reliability-boundary"
    parts = []
    for name, values in data.items():
        if name in files:
            continue
        for value in values:
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
                         f"\r\n\r\n{value}\r\n".encode())
    for name, (filename, content) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: application/octet-stream'
                     "\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"
