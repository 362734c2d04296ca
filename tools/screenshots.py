# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

"""Take the README screenshots from a running demo server (`make run`), with headless Chromium.

Usage: python tools/screenshots.py [--url http://localhost:8069] [--db sales_ecosystem_demo] OUT_DIR PAGE...
where PAGE is NAME=PATH (e.g. lead=/odoo/crm/12), or NAME=PATH@@CSS to click CSS (e.g. a notebook tab) before the
shot, or NAME=PATH@@CSS@@SCROLL to click CSS then scroll the form so that SCROLL is at the top (e.g. the tabs, to show
a tab's content). The page is 1440x900 (--width, --height). Logs in as admin/admin. Needs websocket-client and
Chromium.
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.request

import websocket


class Browser:
    def __init__(self, port=9333, width=1440, height=900):
        self.profile = tempfile.mkdtemp(prefix="se_shots_")
        chrome = shutil.which("chromium") or shutil.which("google-chrome")
        self.proc = subprocess.Popen(
            [
                chrome,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/json", timeout=2) as response:
                    targets = json.load(response)
                page = next(t for t in targets if t["type"] == "page")
                break
            except (OSError, StopIteration):
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        self.counter = 0
        # the page itself at the size asked for (the window size includes the browser's frame)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def call(self, method, **params):
        self.counter += 1
        self.ws.send(json.dumps({"id": self.counter, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.counter:
                return message.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True)

    def goto(self, url, wait_selector, timeout=300):
        self.call("Page.navigate", url=url)
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.evaluate(f"!!document.querySelector({json.dumps(wait_selector)})")
            if found.get("result", {}).get("value"):
                time.sleep(1.5)  # let the view settle (fonts, lazy widgets)
                return
            time.sleep(0.5)
        raise TimeoutError(f"{wait_selector} not found on {url}")

    def screenshot(self, path):
        data = self.call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as handle:
            handle.write(base64.b64decode(data))

    def close(self):
        self.ws.close()
        self.proc.terminate()
        self.proc.wait()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="sales_ecosystem_demo")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("out_dir")
    parser.add_argument("pages", nargs="+")
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    browser = Browser(width=args.width, height=args.height)
    try:
        browser.goto(f"{args.url}/web/login?db={args.db}", "input[name=login]")
        browser.evaluate(
            "document.querySelector('input[name=login]').value='admin';"
            "document.querySelector('input[name=password]').value='admin';"
            "document.querySelector('form.oe_login_form').submit();"
        )
        time.sleep(3)
        for page in args.pages:
            name, path = page.split("=", 1)
            path, _sep, click = path.partition("@@")
            click, _sep, scroll = click.partition("@@")
            browser.goto(f"{args.url}{path}", ".o_action_manager .o_view_controller")
            if click:
                browser.evaluate(f"document.querySelector({json.dumps(click)}).click()")
                time.sleep(1.5)
            if scroll:
                browser.evaluate(
                    f"document.querySelector({json.dumps(scroll)}).scrollIntoView({{block: 'start'}})"
                )
                time.sleep(1)
            browser.screenshot(os.path.join(args.out_dir, f"{name}.png"))
    finally:
        browser.close()


if __name__ == "__main__":
    main()
