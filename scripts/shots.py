#!/usr/bin/python3
"""shots.py: render each docs/notebooks page in headless Chromium, screenshot it, and fail
on a missing image or a broken table.

Usage: scripts/shots.py OUTDIR [PAGE.md ...]   (default: every docs/notebooks/*.md but README.md)

Each page's Markdown is turned into HTML by nbconvert's own Markdown filter (the one its
HTML export uses), with a small script that, once the page has loaded, lists
  - every <img> that did not load (a missing or unreadable file, a bad data URL),
  - every table whose rows do not all have the header's number of cells,
  - every paragraph with a line like a Markdown table row ("| a | b |"): a table that did
    not render.
Chromium (Debian's `chromium`, headless) loads the page twice: once to dump the DOM, from
which the script's verdict is read, and once to take a screenshot, OUTDIR/<page>.png, for
a reader to look at (the test does not compare pixels). OUTDIR is a scratch folder, never
committed. Prints one line per page; exits 1 if any page failed, 2 if Chromium is missing.
"""

import glob
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

from nbconvert.filters.markdown_mistune import markdown2html_mistune

CHECK = r"""
<script>
window.addEventListener('load', function () {
  var problems = [];
  document.querySelectorAll('img').forEach(function (img) {
    if (!img.complete || img.naturalWidth === 0) {
      problems.push('missing image: ' + img.getAttribute('src').slice(0, 120));
    }
  });
  document.querySelectorAll('table').forEach(function (t, i) {
    var rows = t.querySelectorAll('tr');
    if (rows.length === 0) { problems.push('table ' + (i + 1) + ' has no rows'); return; }
    var width = rows[0].children.length;
    rows.forEach(function (r, j) {
      if (r.children.length !== width) {
        problems.push('table ' + (i + 1) + ', row ' + (j + 1) + ': ' + r.children.length +
          ' cells, the header has ' + width);
      }
    });
  });
  document.querySelectorAll('p').forEach(function (p) {
    var line = p.textContent.split('\n').find(function (l) { return /^\s*\|.*\|\s*$/.test(l); });
    if (line !== undefined) {
      problems.push('table not rendered: ' + line.trim().slice(0, 80));
    }
  });
  var out = document.createElement('pre');
  out.id = 'shotcheck';
  out.textContent = JSON.stringify({images: document.images.length,
    tables: document.querySelectorAll('table').length, problems: problems});
  document.body.appendChild(out);
});
</script>
"""

PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><base href="{base}"><title>{title}</title>
<style>
body {{ font-family: sans-serif; max-width: 1100px; margin: 2em auto; }}
img {{ max-width: 100%; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #ccc; padding: 2px 6px; }}
pre {{ background: #f6f6f6; padding: 4px; overflow-x: auto; }}
</style></head>
<body>
{body}
{check}
</body></html>
"""

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--hide-scrollbars"]


def chromium(profile, *args, timeout=120):
    """Runs headless Chromium with a throwaway profile; returns its stdout."""
    cmd = [shutil.which("chromium")] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + list(args)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout).stdout


def check_page(md_path, outdir, profile):
    """Renders one page; returns (problems, images, tables, screenshot path)."""
    name = os.path.splitext(os.path.basename(md_path))[0]
    with open(md_path, encoding="utf-8") as f:
        text = f.read()
    base = "file://" + os.path.abspath(os.path.dirname(md_path)) + "/"
    page = os.path.join(outdir, name + ".html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(PAGE.format(base=html.escape(base), title=html.escape(name),
                            body=markdown2html_mistune(text), check=CHECK))
    url = "file://" + os.path.abspath(page)
    dom = chromium(profile, "--virtual-time-budget=20000", "--dump-dom", url)
    m = re.search(r'<pre id="shotcheck">(.*?)</pre>', dom, re.S)
    if not m:
        return ["the page's check did not run (Chromium printed no verdict)"], 0, 0, None
    verdict = json.loads(html.unescape(m.group(1)))
    # A tall window: the screenshot holds the page's beginning, its first figures and tables.
    shot = os.path.join(outdir, name + ".png")
    chromium(profile, "--window-size=1280,6000", "--screenshot=" + shot, url)
    return verdict["problems"], verdict["images"], verdict["tables"], shot


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2])
        return 2
    outdir = os.path.abspath(sys.argv[1])
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    pages = sys.argv[2:] or sorted(p for p in glob.glob(os.path.join(repo, "docs/notebooks/*.md"))
                                   if os.path.basename(p) != "README.md")
    if shutil.which("chromium") is None:
        print("shots: chromium not found (scripts/setup.sh installs Debian's chromium)")
        return 2
    os.makedirs(outdir, exist_ok=True)
    failed = 0
    for md in pages:
        profile = tempfile.mkdtemp(prefix="shots-profile-")
        try:
            problems, images, tables, shot = check_page(md, outdir, profile)
        finally:
            shutil.rmtree(profile, ignore_errors=True)
        rel = os.path.relpath(md, repo)
        if problems:
            failed += 1
            print(f"FAIL {rel}: {len(problems)} problem(s)")
            for p in problems:
                print("    " + p)
        else:
            print(f"ok   {rel}: {images} images, {tables} tables, screenshot {shot}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
