"""Open notebooks in a real JupyterLab in headless Chromium, run them, and exercise their widgets.

For each notebook: start from a fresh kernel, Run All, wait until the kernel is idle, then for every ipywidgets slider
on the page take a screenshot, move the slider with the keyboard, wait for the output to redraw, and screenshot again.
It prints, per widget, whether the picture changed when the slider moved and whether any cell shows an error, and
saves the screenshots (what a person would see) in --out.

Needs Debian's chromium (`apt-get install chromium`) and `pip install playwright` (no browser download: it drives
/usr/bin/chromium).

    .venv/bin/python bench/widgets_in_jupyterlab.py nbs/10_irreducibility.ipynb ... --out bench/results/widgets
"""
from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0)); return s.getsockname()[1]


def lab_settings(folder: Path) -> Path:
    "User settings: render every cell (no virtual scrolling, so off-screen widgets exist) and no news pop-up."
    import json
    files = {"@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
             "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                                  "checkForUpdates": False}}
    for rel, value in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(json.dumps(value))
    return folder


def start_lab(root: Path, port: int, token: str, log: Path) -> subprocess.Popen:
    jupyter = Path(sys.executable).with_name("jupyter")
    settings = lab_settings(log.parent / "lab-user-settings")
    env = {**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    env.pop("IN_TEST", None)
    cmd = [str(jupyter), "lab", "--no-browser", "--allow-root", f"--port={port}", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False", "--LabApp.news_url=None",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           f"--LabApp.user_settings_dir={settings}", f"--LabApp.workspaces_dir={log.parent / 'lab-workspaces'}"]
    proc = subprocess.Popen(cmd, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env)
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1): return proc
        except OSError: time.sleep(0.5)
    proc.kill(); raise RuntimeError(f"JupyterLab did not start; see {log}")


def digest(png: bytes) -> str: return hashlib.sha1(png).hexdigest()[:10]


def exercise(page, nb_rel: str, base: str, out: Path, timeout_s: float) -> list[str]:
    lines = []
    page.goto(f"{base}/lab/tree/{nb_rel}", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator, .jp-KernelStatus", timeout=60_000)
    time.sleep(3)
    if page.locator("text=Select Kernel").count():                # notebooks saved without kernel metadata
        page.click(".jp-Dialog button.jp-mod-accept", timeout=10_000)
        time.sleep(3)
    page.wait_for_function("document.body.innerText.includes(\"Idle\")", timeout=120_000)
    page.keyboard.press("Escape")
    page.click("text=Run", timeout=10_000)                     # the Run menu
    page.click("text=Run All Cells", timeout=10_000)
    t0 = time.time()
    time.sleep(2)
    while time.time() - t0 < timeout_s:                         # busy cells show "[*]"
        busy = page.locator(".jp-InputPrompt:has-text('[*]')").count()
        if busy == 0: break
        time.sleep(1)
    ran = time.time() - t0
    errors = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count()
    tracebacks = page.locator(".jp-RenderedText:has-text('Traceback')").count()
    stem = Path(nb_rel).stem
    page.screenshot(path=str(out / f"{stem}_page.png"), full_page=False)
    lines.append(f"{nb_rel}: ran in {ran:.0f} s; stderr outputs {errors}, tracebacks {tracebacks}")
    sliders = page.locator(".jupyter-widgets .widget-slider, .jupyter-widgets .slider-container")
    n = sliders.count()
    lines.append(f"  sliders found: {n}")
    for i in range(n):
        s = sliders.nth(i)
        box = s.locator("xpath=ancestor::div[contains(@class,'jp-OutputArea-output')][1]")
        target = box if box.count() else s
        target.scroll_into_view_if_needed()
        before = target.screenshot(path=str(out / f"{stem}_widget{i}_before.png"))
        handle = s.locator(".noUi-handle, .ui-slider-handle, input[type=range]").first
        if handle.count() == 0:
            lines.append(f"  widget {i}: no slider handle found"); continue
        handle.focus()
        for _ in range(3): page.keyboard.press("ArrowRight")
        time.sleep(4)
        after = target.screenshot(path=str(out / f"{stem}_widget{i}_after.png"))
        lines.append(f"  widget {i}: picture {'changed' if digest(before) != digest(after) else 'DID NOT change'} "
                     f"after moving the slider ({digest(before)} -> {digest(after)})")
    return lines


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+", type=Path)
    ap.add_argument("--out", type=Path, default=Path("bench/results/widgets"))
    ap.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    ap.add_argument("--timeout-s", type=float, default=600)
    a = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright
    root = Path.cwd()
    a.out.mkdir(parents=True, exist_ok=True)
    port, token = free_port(), secrets.token_hex(16)
    lab = start_lab(root, port, token, a.out / "jupyterlab.log")
    base = f"http://127.0.0.1:{port}"
    report = [f"JupyterLab at {base}, chromium {a.chromium}"]
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=a.chromium, args=CHROMIUM_ARGS)
            ctx = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.goto(f"{base}/lab?token={token}", wait_until="domcontentloaded")
            for nb in a.notebooks:
                report += exercise(page, str(nb.resolve().relative_to(root)), base, a.out, a.timeout_s)
            browser.close()
    finally:
        lab.terminate()
        try: lab.wait(10)
        except subprocess.TimeoutExpired: lab.kill()
    text = "\n".join(report)
    print(text)
    (a.out / "report.txt").write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
