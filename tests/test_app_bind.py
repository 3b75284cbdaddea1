"""`mapper app` serves this machine only unless told otherwise: the listening socket the real
server opens is read from the kernel's table (/proc/net/tcp, tcp6)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from mapper.cli import LOOPBACK, app_command

ROOT = Path(__file__).resolve().parents[1]
MAPPER = Path(sys.executable).with_name("mapper")
PROC_TABLES = (Path("/proc/net/tcp"), Path("/proc/net/tcp6"))
LISTEN = "0A"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def listening(port: int) -> list[str]:
    """Local addresses (kernel hex, e.g. 0100007F for 127.0.0.1) listening on `port`."""
    out = []
    for table in PROC_TABLES:
        if not table.exists():
            continue
        for line in table.read_text().splitlines()[1:]:
            fields = line.split()
            address, hex_port = fields[1].split(":")
            if fields[3] == LISTEN and int(hex_port, 16) == port:
                out.append(address)
    return out


def loopback_hex() -> str:
    return socket.inet_aton(LOOPBACK)[::-1].hex().upper()


@pytest.mark.skipif(not PROC_TABLES[0].exists(), reason="reads the Linux socket table")
def test_mapper_app_listens_on_loopback_by_default(tmp_path: Path) -> None:
    port = free_port()
    # run from an unrelated folder: no .streamlit/config.toml there to lean on
    proc = subprocess.Popen([str(MAPPER), "app", "--port", str(port)], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                            start_new_session=True,  # mapper and its Streamlit child, together
                            env={**os.environ, "STREAMLIT_SERVER_HEADLESS": "true",
                                 "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
                                 "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"})
    try:
        deadline = time.monotonic() + 90
        while not listening(port):
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=10) as r:
            assert r.status == 200
        assert listening(port) == [loopback_hex()]
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        deadline = time.monotonic() + 15
        while listening(port) and time.monotonic() < deadline:
            time.sleep(0.2)


def _flag(argv: list[str], name: str) -> str:
    (value,) = [a.split("=", 1)[1] for a in argv if a.startswith(f"{name}=")]
    return value


def test_the_command_line_always_names_the_address() -> None:
    script = ROOT / "streamlit_app.py"
    default = app_command(script, 8501, LOOPBACK)
    assert _flag(default, "--server.address") == "127.0.0.1"
    exposed = app_command(script, 9000, "0.0.0.0")
    assert _flag(exposed, "--server.address") == "0.0.0.0"
    assert _flag(exposed, "--server.port") == "9000"


def test_make_run_and_the_project_config_bind_to_loopback() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "HOST   ?= 127.0.0.1" in makefile and "--server.address $(HOST)" in makefile


def test_mapper_app_help_documents_the_switch() -> None:
    done = subprocess.run([str(MAPPER), "app", "--help"], capture_output=True, text=True,
                          timeout=60, env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200"})
    assert done.returncode == 0
    assert "--host" in done.stdout and "0.0.0.0" in done.stdout
    assert "--no-disk-cache" in done.stdout
