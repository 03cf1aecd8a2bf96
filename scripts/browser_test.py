#!/usr/bin/python3
"""browser_test: notebook 07's widgets in a real browser.

Usage:
    /usr/bin/python3 scripts/browser_test.py [--keep] [--timeout SECONDS]

Serves Jupyter Notebook on 127.0.0.1 (a free port, a random token) with a scratch copy of
notebooks/07_steer_em.ipynb (notebooks/_browsertest.<pid>.ipynb, beside the others, so that its
first cell finds the repository's modules; removed at the end, and Jupyter's autosave is switched off), opens it
in Debian's chromium, headless, and drives it over the DevTools protocol
(python3-websocket):

  1. waits for the GoNB kernel to connect;
  2. runs every cell, and waits for the K slider of the dashboard cell;
  3. moves the K slider, the σ² slider and the EM-state slider and clicks "New data set",
     and after each checks that the view's figure changed and its caption shows the new
     value, timing it in the page (performance.now(), from the input event to the new
     figure in the DOM);
  4. clicks "Done" and waits for the cell to end with its static figures;
  5. saves a screenshot under ${TMPDIR:-/tmp} (outside the repository).

Fails (exit 1) with a message naming what is missing: the server, the kernel, the widget,
or the update. Prints each interaction's latency and the whole run's duration. Fails too if
the median update takes longer than --max-latency seconds (default 0.5, the issue's bound),
or the slowest one more than four times that (a single slow update on a busy machine passes).
"""

import argparse
import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import websocket  # Debian's python3-websocket

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOK = "07_steer_em.ipynb"


class Failure(Exception):
    """A check failed; the message says what is missing."""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what, timeout, probe, interval=0.5):
    """Calls probe until it returns a true value, and returns it; raises Failure(what)
    after timeout seconds."""
    end = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > end:
            raise Failure(what)
        time.sleep(interval)


def http_json(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.load(r)
    except (OSError, ValueError):
        return None


class Page:
    """One browser tab over the DevTools protocol."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=120, suppress_origin=True)
        self.next_id = 0
        self.console = []  # the page's console messages and exceptions, for failure reports

    def call(self, method, **params):
        self.next_id += 1
        msg_id = self.next_id
        self.ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("method") == "Runtime.consoleAPICalled":
                args = msg["params"].get("args", [])
                self.console.append(" ".join(str(a.get("value", a.get("description", "")))
                                             for a in args))
            elif msg.get("method") == "Runtime.exceptionThrown":
                self.console.append(str(msg["params"]["exceptionDetails"].get("exception", {})
                                        .get("description", msg["params"]["exceptionDetails"])))
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise Failure(f"DevTools {method}: {msg['error']}")
                return msg.get("result", {})

    def eval(self, expr, await_promise=False):
        r = self.call("Runtime.evaluate", expression=expr, returnByValue=True,
                      awaitPromise=await_promise)
        if "exceptionDetails" in r:
            raise Failure(f"page script failed: {r['exceptionDetails'].get('text')} "
                          f"{r.get('result', {}).get('description', '')}")
        return r.get("result", {}).get("value")


# Page-side helpers: the captions of the live views (class steer-caption) and the move.
JS_HELPERS = r"""
window.steerCaption = (pattern) => {
    for (const c of document.querySelectorAll('.steer-caption')) {
        if (new RegExp(pattern).test(c.textContent)) return c;
    }
    return null;
};
window.steerImage = (caption) => {
    const svg = caption ? caption.parentElement.querySelector('svg') : null;
    return svg ? svg.outerHTML : '';
};
// steerMove sets the input of id prefix `prefix` (a slider) to value, or clicks it (a button),
// and resolves with the milliseconds until a caption matching `want` shows with a figure
// different from the one beside the caption matching `before`.
window.steerMove = (prefix, value, before, want, limitMs) => new Promise((resolve) => {
    const el = document.querySelector(`[id^="${prefix}"]`);
    if (!el) { resolve({error: `no element with id ${prefix}…`}); return; }
    const old = steerImage(steerCaption(before));
    const t0 = performance.now();
    if (value === null) {
        el.click();
    } else {
        el.value = value;
        el.dispatchEvent(new Event('input'));
        el.dispatchEvent(new Event('change'));
    }
    const check = () => {
        const c = steerCaption(want);
        const ms = performance.now() - t0;
        if (c && steerImage(c) && steerImage(c) !== old) {
            resolve({ms: ms, caption: c.textContent});
        } else if (ms > limitMs) {
            resolve({timeout: true, captions: Array.from(
                document.querySelectorAll('.steer-caption')).map((c) => c.textContent)});
        } else {
            setTimeout(check, 2);
        }
    };
    check();
});
window.steerLastOutput = () => {
    const cells = Jupyter.notebook.get_cells().filter((c) => c.cell_type === 'code');
    const last = cells[cells.length - 1];
    return `cell running: ${last.element.hasClass('running')}; output: ` +
        last.output_area.element.text().slice(0, 800);
};
window.steerErrors = () => Array.from(document.querySelectorAll(
    '.output_stderr, .output_error')).map((e) => e.textContent.slice(0, 600)).join('\n');
true;
"""

# The moves: (what, element id prefix, value or None for a click, caption before, caption
# wanted after).
MOVES = [
    ("K slider 3 → 5", "steer-k-slider-", 5, r"· K = 3$", r"data set 0 · K = 5$"),
    ("K slider 5 → 2", "steer-k-slider-", 2, r"· K = 5$", r"data set 0 · K = 2$"),
    ("σ² slider 1 → 0.01", "steer-s-slider-", 8, r"· σ² = 1$", r"data set 0 · σ² = 0\.01$"),
    ("EM state 0 → 10", "steer-f-slider-", 10, r"· EM state 0 of", r"data set 0 · EM state 10 of"),
    ("New data set", "steer-new-", None, r"data set 0 · K = 2$", r"data set 1 · K = 2$"),
]


# GoNB's page script gives the kernel 500 ms to acknowledge its widget connection
# (comm_open_ack); on a busy machine that can fail, and the dashboard then waits forever.
COMM_FAILED = "gonb_comm: failed to connect"
COMM_RETRIES = 2

JS_RERUN_LAST = """(() => {
    const nb = Jupyter.notebook;
    const code = nb.get_cells().filter((c) => c.cell_type === 'code');
    nb.execute_cells([nb.find_cell_index(code[code.length - 1])]);
    return true;
})()"""

VIEW_CAPTIONS = (r"· K = 3$", r"· σ² = 1$", r"· EM state 0 of")


def dashboard_state(page, since):
    """Returns "ready" when the K slider and the three views are shown, "comm" when GoNB's
    widget connection failed after console message number since, else None; raises
    Failure if a cell failed."""
    js_views = " && ".join(f"!!steerImage(steerCaption({json.dumps(c)}))" for c in VIEW_CAPTIONS)
    if page.eval(f"!!document.querySelector('[id^=\"steer-k-slider-\"]') && {js_views}"):
        return "ready"
    errors = page.eval("steerErrors()")
    if errors:
        raise Failure(f"widget: a cell failed before the dashboard appeared:\n{errors}")
    if any(COMM_FAILED in m for m in page.console[since:]):
        return "comm"
    return None


def dashboard_ready(page, timeout):
    """Waits for the dashboard, re-running its cell (after interrupting the kernel) when
    GoNB's widget connection timed out, at most COMM_RETRIES times."""
    since = 0
    for attempt in range(COMM_RETRIES + 1):
        try:
            state = wait_for("", timeout, lambda: dashboard_state(page, since))
        except Failure:
            raise Failure("widget: the dashboard (K slider and three views) never appeared; "
                          f"the dashboard cell: {page.eval('steerLastOutput()')}") from None
        if state == "ready":
            return
        if attempt == COMM_RETRIES:
            break
        print(f"  GoNB's widget connection timed out ({COMM_FAILED}); interrupting the kernel"
              " and re-running the dashboard cell")
        since = len(page.console)
        page.eval("Jupyter.notebook.kernel.interrupt(); true")
        wait_for("kernel: still busy 60 s after an interrupt", 60,
                 lambda: page.eval("!Jupyter.notebook.kernel_busy"))
        page.eval(JS_RERUN_LAST)
    raise Failure(f"widget: GoNB's widget connection failed {COMM_RETRIES + 1} times "
                  f"({COMM_FAILED}: comm_open_ack not received within GoNB's 500 ms)")


def run(args, scratch, procs, state):
    token = secrets.token_hex(16)
    port, debug_port = free_port(), free_port()
    env = dict(os.environ)
    env.pop("GMMBOOK_HEADLESS", None)  # the live widgets, not the static state
    log = open(os.path.join(args.logdir, "jupyter.log"), "w")
    root = ["--allow-root"] if os.getuid() == 0 else []
    procs.append(subprocess.Popen(
        ["jupyter", "notebook", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--NotebookApp.token={token}", f"--notebook-dir={os.path.join(REPO, 'notebooks')}",
         *root], stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True))
    base = f"http://127.0.0.1:{port}"
    wait_for(f"server: Jupyter did not answer on {base} (log: {log.name})", 60,
             lambda: http_json(f"{base}/api/status?token={token}"))
    specs = http_json(f"{base}/api/kernelspecs?token={token}") or {}
    if "gonb" not in specs.get("kernelspecs", {}):
        raise Failure("kernel: Jupyter lists no gonb kernel (run scripts/setup.sh)")

    profile = tempfile.mkdtemp(prefix="gmmbook-chromium.")
    scratch.append(profile)
    procs.append(subprocess.Popen(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--no-first-run", f"--user-data-dir={profile}", f"--remote-debugging-port={debug_port}",
         "--window-size=1280,2400", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    targets = wait_for("browser: chromium's DevTools endpoint did not answer", 30,
                       lambda: http_json(f"http://127.0.0.1:{debug_port}/json/list"))
    page_target = next(t for t in targets if t.get("type") == "page")
    page = Page(page_target["webSocketDebuggerUrl"])
    page.call("Page.enable")
    page.call("Runtime.enable")
    state["page"] = page
    rel = os.path.relpath(scratch[0], os.path.join(REPO, "notebooks"))
    page.call("Page.navigate", url=f"{base}/notebooks/{rel}?token={token}")

    wait_for("kernel: the notebook page never connected to a GoNB kernel", args.timeout,
             lambda: page.eval("typeof Jupyter !== 'undefined' && !!Jupyter.notebook && "
                               "!!Jupyter.notebook.kernel && Jupyter.notebook.kernel.is_connected() "
                               "&& Jupyter.notebook.kernel.name === 'gonb'"))
    page.eval("Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.execute_all_cells(); true")
    page.eval(JS_HELPERS)

    dashboard_ready(page, args.timeout)
    latencies = []
    for what, prefix, value, before, want in MOVES:
        r = page.eval(f"steerMove({json.dumps(prefix)}, {json.dumps(value)}, {json.dumps(before)},"
                      f" {json.dumps(want)}, 20000)", await_promise=True)
        if r.get("error"):
            raise Failure(f"widget: {what}: {r['error']}")
        if r.get("timeout"):
            raise Failure(f"update: {what}: no new figure with a caption matching {want!r} within"
                          f" 20 s; captions seen: {r.get('captions')}")
        latencies.append((what, r["ms"]))
        print(f"  {what}: updated in {r['ms']:.0f} ms ({r['caption']})")

    page.eval("document.querySelector('[id^=\"steer-done-\"]').click(); true")
    wait_for("update: after Done the cell did not end with its static figures", 60,
             lambda: page.eval("!Jupyter.notebook.kernel_busy && document.querySelectorAll("
                               "'.output_png img').length >= 3"))
    shot = os.path.join(args.logdir, "07_steer_em.png")
    data = page.call("Page.captureScreenshot", format="png", captureBeyondViewport=True)["data"]
    with open(shot, "wb") as f:
        f.write(base64.b64decode(data))
    print(f"  screenshot: {shot}")
    times = sorted(ms for _, ms in latencies)
    median, worst = times[len(times) // 2], times[-1]
    if median > 1000 * args.max_latency or worst > 4000 * args.max_latency:
        raise Failure(f"update: too slow: median {median:.0f} ms (limit {1000 * args.max_latency:.0f}),"
                      f" slowest {worst:.0f} ms (limit {4000 * args.max_latency:.0f})")
    return latencies


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--timeout", type=float, default=300,
                    help="seconds to wait for the kernel, and for the cells up to the widgets")
    ap.add_argument("--max-latency", type=float, default=0.5,
                    help="fail if the median interaction takes longer (seconds)")
    ap.add_argument("--keep", action="store_true", help="keep the logs and the screenshot folder")
    args = ap.parse_args()
    for tool in ("jupyter", "chromium"):
        if not shutil.which(tool):
            print(f"browser test: {tool} not found (run scripts/setup.sh)", file=sys.stderr)
            return 1
    args.logdir = tempfile.mkdtemp(prefix="gmmbook-browser.", dir=os.environ.get("TMPDIR"))
    nbfile = os.path.join(REPO, "notebooks", f"_browsertest.{os.getpid()}.ipynb")
    shutil.copy(os.path.join(REPO, "notebooks", NOTEBOOK), nbfile)
    scratch, procs, state = [nbfile], [], {}
    start = time.monotonic()
    status = 0
    try:
        latencies = run(args, scratch, procs, state)
        print(f"browser test: PASS in {time.monotonic() - start:.1f} s; latency "
              f"(ms): {', '.join(f'{ms:.0f}' for _, ms in latencies)}")
    except Failure as e:
        print(f"browser test: FAIL after {time.monotonic() - start:.1f} s: {e}", file=sys.stderr)
        if state.get("page") and state["page"].console:
            print("browser console (last 20 messages):\n  " +
                  "\n  ".join(state["page"].console[-20:]), file=sys.stderr)
        print(f"browser test: logs in {args.logdir}", file=sys.stderr)
        status = 1
    finally:
        for p in reversed(procs):
            try:
                os.killpg(p.pid, signal.SIGTERM)
                p.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        for d in scratch:
            if os.path.isdir(d):
                shutil.rmtree(d, ignore_errors=True)
            elif os.path.exists(d):
                os.remove(d)
        if status == 0 and not args.keep:
            print(f"  (screenshot kept: {args.logdir})")
    return status


if __name__ == "__main__":
    sys.exit(main())
