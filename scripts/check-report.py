#!/usr/bin/env python3
"""Open an Armistice HTML report in headless Chromium and check it.

Checks, through the DevTools protocol (standard library only: a minimal WebSocket
client is below):
  - no console errors, no uncaught exceptions, no browser log errors;
  - no network request other than the report file itself;
  - every chart (svg.chart) is drawn: present, with marks in it, and laid out at exactly
    the width and height its attributes give;
  - at least --min-charts charts.
Writes a full-page PNG screenshot and a top-of-page PNG (for the README).

Usage: check-report.py REPORT.html OUT_DIR [--min-charts N] [--chromium PATH]
Exit status: 0 all checks pass, 1 a check failed, 2 usage or browser start failure.
"""

import argparse
import base64
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.request

# Marks that show a chart was really drawn, by kind (see crates/report/src/svg.rs).
MARKS = {
    "line": "polyline.series",
    "bar": "rect.bar",
    "distribution": "circle.actor, path.model, rect.band",
    "tornado": "rect.swing",
}


class WebSocket:
    """Just enough of RFC 6455 for DevTools: text frames, client masking, no extensions."""

    def __init__(self, url):
        m = re.match(r"ws://([^:/]+):(\d+)(/.*)", url)
        if not m:
            raise ValueError(f"not a ws:// URL: {url}")
        host, port, path = m.group(1), int(m.group(2)), m.group(3)
        self.sock = socket.create_connection((host, port), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nUpgrade: websocket\r\n"
                f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("websocket handshake closed")
            head += chunk
        status = head.split(b"\r\n", 1)[0]
        if b" 101 " not in status:
            raise ConnectionError(f"websocket handshake failed: {status!r}")
        self.buf = head.split(b"\r\n\r\n", 1)[1]

    def send(self, text):
        data = text.encode()
        header = bytes([0x81])
        n = len(data)
        if n < 126:
            header += bytes([0x80 | n])
        elif n < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
        self.sock.sendall(header + mask + masked)

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise ConnectionError("websocket closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(n)
            if opcode == 0x8:
                raise ConnectionError("websocket closed by the browser")
            if opcode in (0x9, 0xA):  # ping/pong: DevTools does not send them in practice
                continue
            message += payload
            if b0 & 0x80:
                return message.decode()


class DevTools:
    def __init__(self, ws_url):
        self.ws = WebSocket(ws_url)
        self.next_id = 0
        self.events = []

    def call(self, method, timeout=120, **params):
        self.next_id += 1
        my_id = self.next_id
        self.ws.sock.settimeout(timeout)
        self.ws.send(json.dumps({"id": my_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == my_id:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_for(self, method, timeout):
        deadline = time.time() + timeout
        self.ws.sock.settimeout(timeout)
        while time.time() < deadline:
            if any(e["method"] == method for e in self.events):
                return True
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
        return False

    def drain(self, seconds):
        """Collects events for a while (late console messages, late requests)."""
        end = time.time() + seconds
        while True:
            left = end - time.time()
            if left <= 0:
                return
            self.ws.sock.settimeout(left)
            try:
                msg = json.loads(self.ws.recv())
            except (socket.timeout, TimeoutError):
                return
            if "method" in msg:
                self.events.append(msg)


def find_chromium(explicit):
    for name in [explicit, "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]:
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def start_browser(binary, profile):
    args = [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-extensions",
        "--no-first-run",
        "--no-default-browser-check",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--remote-debugging-port=0",
        "--remote-allow-origins=*",
        "about:blank",
    ]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        line = proc.stderr.readline()
        if not line:
            if proc.poll() is not None:
                break
            continue
        m = re.search(r"DevTools listening on (ws://\S+)", line)
        if m:
            return proc, m.group(1)
    proc.kill()
    raise RuntimeError("chromium did not start (no 'DevTools listening' line)")


MEASURE = """
(() => {
  const marks = %s;
  return JSON.stringify([...document.querySelectorAll('svg.chart')].map((svg, i) => {
    const r = svg.getBoundingClientRect();
    const kind = svg.getAttribute('data-chart');
    const sel = marks[kind] || '*';
    const drawn = [...svg.querySelectorAll(sel)].filter(e => {
      const b = e.getBBox(); return b.width > 0 || b.height > 0;
    }).length;
    return {
      index: i, kind,
      title: (svg.querySelector('title') || {}).textContent || '',
      attr_w: Number(svg.getAttribute('width')), attr_h: Number(svg.getAttribute('height')),
      w: r.width, h: r.height, children: svg.childElementCount, drawn,
    };
  }));
})()
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report")
    ap.add_argument("out_dir")
    ap.add_argument("--min-charts", type=int, default=1)
    ap.add_argument("--chromium")
    ap.add_argument("--width", type=int, default=1000)
    a = ap.parse_args()

    report = os.path.abspath(a.report)
    if not os.path.isfile(report):
        print(f"error: no report at {report}", file=sys.stderr)
        return 2
    binary = find_chromium(a.chromium)
    if not binary:
        print("error: chromium not found\n  = hint: apt-get install -y chromium", file=sys.stderr)
        return 2
    os.makedirs(a.out_dir, exist_ok=True)
    url = "file://" + report
    problems = []

    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
        proc, browser_ws = start_browser(binary, profile)
        try:
            port = re.match(r"ws://[^:]+:(\d+)/", browser_ws).group(1)
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30) as resp:
                targets = json.load(resp)
            page = next(t for t in targets if t.get("type") == "page")
            dt = DevTools(page["webSocketDebuggerUrl"])
            for domain in ["Page", "Runtime", "Log", "Network"]:
                dt.call(f"{domain}.enable")
            dt.call("Emulation.setDeviceMetricsOverride", width=a.width, height=900, deviceScaleFactor=1, mobile=False)
            dt.events.clear()
            dt.call("Page.navigate", url=url)
            if not dt.wait_for("Page.loadEventFired", 60):
                problems.append("the page did not finish loading within 60 s")
            dt.drain(1.0)

            res = dt.call("Runtime.evaluate", expression=MEASURE % json.dumps(MARKS), returnByValue=True)
            charts = json.loads(res["result"]["value"])

            # Screenshots: the whole page, and its top for the README.
            metrics = dt.call("Page.getLayoutMetrics")
            size = metrics.get("cssContentSize") or metrics["contentSize"]
            full_h = int(size["height"])
            shot = dt.call(
                "Page.captureScreenshot",
                format="png",
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": a.width, "height": full_h, "scale": 1},
            )
            with open(os.path.join(a.out_dir, "report.png"), "wb") as f:
                f.write(base64.b64decode(shot["data"]))
            top = dt.call(
                "Page.captureScreenshot",
                format="png",
                captureBeyondViewport=True,
                clip={"x": 0, "y": 0, "width": a.width, "height": min(full_h, 1400), "scale": 1},
            )
            with open(os.path.join(a.out_dir, "report-top.png"), "wb") as f:
                f.write(base64.b64decode(top["data"]))
            dt.drain(0.3)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()

    for e in dt.events:
        m, p = e["method"], e.get("params", {})
        if m == "Runtime.exceptionThrown":
            problems.append(f"uncaught exception: {p['exceptionDetails'].get('text')}")
        elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert", "warning"):
            text = " ".join(str(x.get("value", x.get("description", ""))) for x in p.get("args", []))
            problems.append(f"console {p['type']}: {text}")
        elif m == "Log.entryAdded" and p["entry"].get("level") in ("error", "warning"):
            problems.append(f"browser log {p['entry']['level']}: {p['entry'].get('text')} {p['entry'].get('url', '')}")
        elif m == "Network.requestWillBeSent":
            req_url = p["request"]["url"]
            if req_url != url:
                problems.append(f"network request: {req_url}")

    if len(charts) < a.min_charts:
        problems.append(f"found {len(charts)} charts, expected at least {a.min_charts}")
    for c in charts:
        name = f"chart {c['index']} ({c['kind']}: {c['title']!r})"
        if c["attr_w"] <= 0 or c["attr_h"] <= 0:
            problems.append(f"{name} has no width/height attributes")
        if abs(c["w"] - c["attr_w"]) > 0.5 or abs(c["h"] - c["attr_h"]) > 0.5:
            problems.append(f"{name} is laid out at {c['w']}x{c['h']}, expected {c['attr_w']}x{c['attr_h']}")
        if c["children"] < 4 or c["drawn"] < 1:
            problems.append(f"{name} is empty ({c['children']} elements, {c['drawn']} marks drawn)")

    summary = {
        "report": report,
        "charts": charts,
        "events": len(dt.events),
        "problems": problems,
        "screenshot": os.path.join(a.out_dir, "report.png"),
    }
    with open(os.path.join(a.out_dir, "check.json"), "w") as f:
        json.dump(summary, f, indent=2)
    for c in charts:
        print(f"  {c['kind']:<12} {int(c['w'])}x{int(c['h'])}  {c['drawn']:>3} marks  {c['title']}")
    if problems:
        for p in problems:
            print(f"error: {p}", file=sys.stderr)
        return 1
    print(f"ok: {len(charts)} charts drawn at their sizes, no console errors, no network requests; screenshot {summary['screenshot']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
