"""JupyterLab as a researcher starts it (`make lab`): notebooks listed, project kernel offered, a notebook's
first cells run on that kernel. The server listens on a free localhost port and is stopped at the end."""

import asyncio
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
import uuid

import pytest

from metropolis_report import config
from tools import bench


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab_server():
    port, token = free_port(), secrets.token_hex(16)
    options = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token} --ServerApp.port_retries=0"
    process = subprocess.Popen(
        ["make", "lab", f"LAB_OPTS={options}"],
        cwd=config.PROJ_ROOT,
        env=bench.clean_env(),
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                api(base, token, "/api/status")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s")
        yield base, token
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def api(base, token, path, method="GET", body=None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body else None,
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        data = response.read()
        return json.loads(data) if data else None


def test_notebooks_are_listed(lab_server):
    listed = {item["name"] for item in api(*lab_server, "/api/contents/")["content"]}
    assert {p.name for p in config.NOTEBOOKS_DIR.glob("[0-9]*.ipynb")} <= listed


def test_project_kernel_is_offered(lab_server):
    specs = api(*lab_server, "/api/kernelspecs")["kernelspecs"]
    assert "metropolis-report" in specs
    notebook = api(*lab_server, "/api/contents/33_events_plan_funding.ipynb")
    assert notebook["content"]["metadata"]["kernelspec"]["name"] == "metropolis-report"


def test_first_cells_run_on_the_project_kernel(lab_server):
    base, token = lab_server
    notebook = api(base, token, "/api/contents/33_events_plan_funding.ipynb")["content"]
    code_cells = [c["source"] for c in notebook["cells"] if c["cell_type"] == "code"][:2]
    session = api(
        base,
        token,
        "/api/sessions",
        "POST",
        {
            "path": "33_events_plan_funding.ipynb",
            "type": "notebook",
            "name": "",
            "kernel": {"name": "metropolis-report"},
        },
    )
    try:
        replies = asyncio.run(execute(base, token, session["kernel"]["id"], code_cells + ["print(len(events))"]))
    finally:
        api(base, token, f"/api/sessions/{session['id']}", "DELETE")
    assert [r["status"] for r, _ in replies] == ["ok"] * len(replies)
    assert replies[-1][1].strip() == "103"


async def execute(base, token, kernel_id, cells):
    from tornado.websocket import websocket_connect

    url = base.replace("http", "ws") + f"/api/kernels/{kernel_id}/channels?token={token}"
    connection = await websocket_connect(url)
    session, replies = uuid.uuid4().hex, []
    for code in cells:
        msg_id = uuid.uuid4().hex
        await connection.write_message(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": "test",
                        "session": session,
                        "msg_type": "execute_request",
                        "version": "5.3",
                        "date": "",
                    },
                    "parent_header": {},
                    "metadata": {},
                    "channel": "shell",
                    "buffers": [],
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                }
            )
        )
        stdout, reply, idle = "", None, False
        # the reply (shell channel) may overtake the output (iopub): wait for both the reply and "idle"
        while reply is None or not idle:
            message = json.loads(await asyncio.wait_for(connection.read_message(), timeout=120))
            if message.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if message["msg_type"] == "stream" and message["content"]["name"] == "stdout":
                stdout += message["content"]["text"]
            if message["msg_type"] == "execute_reply":
                reply = message["content"]
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                idle = True
        replies.append((reply, stdout))
    connection.close()
    return replies


def test_opening_a_notebook_does_not_mark_it_modified(lab_server):
    """JupyterLab (in headless Chromium) opens a notebook and starts its kernel; the notebook stays unmodified
    (a committed language_info or kernelspec other than the kernel's would be rewritten and mark it)."""
    import shutil
    from pathlib import Path

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package (or run `make browser`)")
    from playwright.sync_api import sync_playwright

    base, token = lab_server
    name = "31_engagement.ipynb"
    before = (config.NOTEBOOKS_DIR / name).read_bytes()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page()
            page.goto(f"{base}/lab/tree/{name}?token={token}")
            page.wait_for_selector(".jp-Notebook", timeout=90_000)
            tab = page.locator(".lm-TabBar-tab.jp-mod-current", has_text=name)
            assert tab.count() == 1
            # the kernel has started and a client is connected: JupyterLab writes the kernel's language_info
            # when it receives the kernel's info, a moment later; watch the tab for 10 s after that
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                kernels = [s["kernel"] for s in api(base, token, "/api/sessions") if s["path"].endswith(name)]
                if kernels and kernels[0]["execution_state"] == "idle" and kernels[0]["connections"] > 0:
                    break
                time.sleep(0.5)
            else:
                pytest.fail("the notebook's kernel did not start within 120 s")
            for _ in range(20):
                assert "jp-mod-dirty" not in (tab.get_attribute("class") or ""), "opening the notebook modified it"
                page.wait_for_timeout(500)
        finally:
            browser.close()
            for session in api(base, token, "/api/sessions"):
                api(base, token, f"/api/sessions/{session['id']}", "DELETE")
    assert (config.NOTEBOOKS_DIR / name).read_bytes() == before
