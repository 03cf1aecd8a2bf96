#!/usr/bin/python3
"""nbcheck: check GoNB notebooks executed headless by nbconvert --allow-errors.

Usage:
    /usr/bin/python3 scripts/nbcheck.py EXECUTED.ipynb [--committed NB.ipynb] [--log FILE]

It fails (exit 1) and prints the failing cell's real message when the executed notebook
has any error output: an "error" output (compile error, panic, os.Exit, failed %test),
any text on stderr (a panic's text, a failed shell line's "exit status N"), or GoNB's
HTML error report (a compile error: the compiler's message is pulled out of the HTML).
With --committed it also fails when the committed notebook is stale: its code cells were
not executed in order (execution counts 1, 2, 3, ...) or their outputs differ from the
re-run's. Text outputs (stdout, text/plain, text/markdown, text/html, SVG, ...) must be
identical; each stream is compared as a whole (how its text was split into chunks, and how
the chunks interleave with rich outputs, depends on timing). Images (PNG, JPEG, GIF) are compared loosely: identical bytes pass; otherwise,
for PNG, the two images must have the same size and at most 0.1 % of their pixels may
differ by more than 64 (of 255) in some channel (rendering noise across machines passes,
a changed figure does not); other image formats must only keep their mime type.
With --log, when the executed notebook is missing (nbconvert itself failed: a cell
timeout, a dead kernel) the relevant lines of nbconvert's log are printed.

Run it with /usr/bin/python3: it needs Debian's nbformat, which the python3 first on PATH
may not have.
"""

import argparse
import base64
import difflib
import html.parser
import os
import re
import struct
import sys
import zlib

import nbformat

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
GONB_STDERR_HTML = 'data-mime-type="application/vnd.jupyter.stderr"'
IMAGE_MIMES = ("image/png", "image/jpeg", "image/gif")
PIXEL_TOLERANCE = 64  # a pixel differs when some channel differs by more than this
MAX_DIFF_FRACTION = 0.001  # at most this fraction of pixels may differ
MAX_SHOWN_LINES = 40


def strip_ansi(text):
    return ANSI.sub("", text)


class _ErrorHTMLText(html.parser.HTMLParser):
    """Collects the text of GoNB's HTML error report, without its CSS and without the
    hidden code context shown on hover."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip_depth = 0  # >0 inside <style> or a gonb-err-context element
        self.stack = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        skip = tag == "style" or "gonb-err-context" in classes
        self.stack.append(skip)
        if skip:
            self.skip_depth += 1
        if tag == "div" and not self.skip_depth:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.stack and self.stack.pop():
            self.skip_depth -= 1

    def handle_data(self, data):
        if not self.skip_depth:
            self.parts.append(data)


def html_error_text(markup):
    """The plain text of GoNB's HTML error report."""
    p = _ErrorHTMLText()
    p.feed(markup)
    p.close()
    lines = [ln.rstrip() for ln in "".join(p.parts).splitlines()]
    return "\n".join(ln for ln in lines if ln.strip())


def output_text(data):
    """Text of a mime bundle value (nbformat stores it as a string or list of lines)."""
    if isinstance(data, list):
        return "".join(data)
    return data if isinstance(data, str) else str(data)


def cell_errors(cell):
    """The error messages found in one executed code cell's outputs."""
    found = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "error":
            tb = "\n".join(strip_ansi(t) for t in out.get("traceback", []))
            msg = f"{out.get('ename', 'error')}: {out.get('evalue', '')}"
            found.append(msg if tb.strip() in ("", out.get("evalue", "")) else msg + "\n" + tb)
        elif kind == "stream" and out.get("name") == "stderr":
            text = strip_ansi(output_text(out.get("text", ""))).strip()
            if text:
                found.append("stderr:\n" + text)
        elif kind in ("display_data", "execute_result"):
            markup = output_text(out.get("data", {}).get("text/html", ""))
            if GONB_STDERR_HTML in markup:
                found.append("GoNB error report:\n" + html_error_text(markup))
    return found


def indent(text, prefix="    | "):
    lines = text.splitlines() or [""]
    if len(lines) > MAX_SHOWN_LINES:
        lines = lines[:MAX_SHOWN_LINES] + [f"... ({len(lines) - MAX_SHOWN_LINES} more lines)"]
    return "\n".join(prefix + ln for ln in lines)


def cell_label(index, cell):
    first = next((ln for ln in cell.get("source", "").splitlines() if ln.strip()), "")
    if len(first) > 70:
        first = first[:67] + "..."
    return f"cell {index + 1} (In [{cell.get('execution_count') or ' '}]: {first})"


def check_errors(name, nb):
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        msgs = cell_errors(cell)
        if msgs:
            body = "\n".join(indent(m) for m in msgs)
            problems.append(f"{name}: {cell_label(i, cell)} failed:\n{body}")
    return problems


# ---- stale-output comparison ---------------------------------------------------------


def normalized_outputs(cell):
    """A cell's outputs as (kind, mime, value) triples: first the text of each stream
    (stdout, stderr: all its chunks joined), then the rich outputs in order. How a stream
    was split into chunks, and how the chunks interleave with rich outputs (they reach the
    kernel through different pipes), is timing, not content."""
    streams, rich = {}, []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream":
            name = out.get("name")
            streams[name] = streams.get(name, "") + output_text(out.get("text", ""))
        elif kind in ("display_data", "execute_result"):
            for mime in sorted(out.get("data", {})):
                rich.append((kind, mime, output_text(out["data"][mime])))
        elif kind == "error":
            rich.append(("error", out.get("ename", ""), out.get("evalue", "")))
    return [("stream", name, streams[name]) for name in sorted(streams)] + rich


def png_pixels(data):
    """Decodes a non-interlaced 8-bit PNG: (width, height, channels, rows of bytes).
    Returns None for PNGs it does not handle."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, idat, palette, header = 8, [], None, None
    while pos + 8 <= len(data):
        length, ctype = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if ctype == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif ctype == b"PLTE":
            palette = chunk
        elif ctype == b"IDAT":
            idat.append(chunk)
        elif ctype == b"IEND":
            break
    if header is None:
        return None
    width, height, depth, color, _, _, interlace = header
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(color)
    if depth != 8 or interlace or channels is None:
        return None
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        _unfilter(ftype, line, prev, channels)
        rows.append(line)
        prev = line
    if color == 3 and palette is not None:  # expand palette indices to RGB
        rows = [bytearray(b for i in row for b in palette[3 * i : 3 * i + 3]) for row in rows]
        channels = 3
    return width, height, channels, rows


def _unfilter(ftype, line, prev, bpp):
    n = len(line)
    if ftype == 1:
        for i in range(bpp, n):
            line[i] = (line[i] + line[i - bpp]) & 0xFF
    elif ftype == 2:
        for i in range(n):
            line[i] = (line[i] + prev[i]) & 0xFF
    elif ftype == 3:
        for i in range(n):
            left = line[i - bpp] if i >= bpp else 0
            line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
    elif ftype == 4:
        for i in range(n):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            line[i] = (line[i] + pred) & 0xFF


def compare_png(old_b64, new_b64):
    """None if the two base64 PNGs match loosely, else a description of the difference."""
    try:
        old, new = base64.b64decode(old_b64), base64.b64decode(new_b64)
    except (ValueError, TypeError) as e:
        return f"undecodable image data ({e})"
    if old == new:
        return None
    a, b = png_pixels(old), png_pixels(new)
    if a is None or b is None:
        return "PNG bytes differ (format not decodable for a loose comparison)"
    if a[:2] != b[:2]:
        return f"image size changed from {a[0]}x{a[1]} to {b[0]}x{b[1]}"
    if a[2] != b[2]:
        return f"image channels changed from {a[2]} to {b[2]}"
    width, height, ch, rows_a = a
    rows_b = b[3]
    differing = 0
    for ra, rb in zip(rows_a, rows_b):
        if ra == rb:
            continue
        for x in range(0, width * ch, ch):
            if any(abs(ra[x + c] - rb[x + c]) > PIXEL_TOLERANCE for c in range(ch)):
                differing += 1
    fraction = differing / float(width * height)
    if fraction > MAX_DIFF_FRACTION:
        return (
            f"image changed: {differing} of {width * height} pixels ({100 * fraction:.2f} %) "
            f"differ by more than {PIXEL_TOLERANCE}/255"
        )
    return None


def text_diff(old, new):
    diff = difflib.unified_diff(
        old.splitlines(), new.splitlines(), "committed", "re-run", lineterm="", n=1
    )
    return "\n".join(diff)


def shorten(value, limit=200):
    return value if len(value) <= limit else value[:limit] + f"... ({len(value)} chars)"


def compare_cell(old_cell, new_cell):
    """Differences between a committed cell's outputs and the re-run's."""
    old, new = normalized_outputs(old_cell), normalized_outputs(new_cell)
    shape_old = [(k, m) for k, m, _ in old]
    shape_new = [(k, m) for k, m, _ in new]
    if shape_old != shape_new:
        return [f"outputs changed: committed {shape_old}, re-run {shape_new}"]
    diffs = []
    for (kind, mime, a), (_, _, b) in zip(old, new):
        if mime in IMAGE_MIMES:
            why = compare_png(a, b) if mime == "image/png" else None
            if why:
                diffs.append(f"{mime}: {why}")
        elif a != b:
            if "\n" in a or "\n" in b:
                diffs.append(f"{kind} {mime} differs:\n{text_diff(a, b)}")
            else:
                diffs.append(
                    f"{kind} {mime} differs:\n- committed: {shorten(a)}\n+ re-run:    {shorten(b)}"
                )
    return diffs


def check_committed(name, committed, executed):
    problems = []
    if committed.metadata.get("kernelspec", {}).get("name") != "gonb":
        problems.append(f"{name}: kernelspec is not gonb")
    code = [c for c in committed.cells if c.cell_type == "code" and c.source.strip()]
    counts = [c.get("execution_count") for c in code]
    if counts != list(range(1, len(code) + 1)):
        problems.append(
            f"{name}: committed notebook was not executed top to bottom "
            f"(execution counts {counts}); run scripts/run.sh and commit the result"
        )
    if len(committed.cells) != len(executed.cells):
        problems.append(f"{name}: cell count differs from the re-run")
        return problems
    for i, (old, new) in enumerate(zip(committed.cells, executed.cells)):
        if old.cell_type != "code":
            continue
        if old.source != new.source:
            problems.append(f"{name}: cell {i + 1} source differs from the re-run's")
            continue
        diffs = compare_cell(old, new)
        if diffs:
            problems.append(
                f"{name}: {cell_label(i, old)} has stale outputs (committed != re-run; "
                f"run scripts/run.sh and commit the result):\n"
                + "\n".join(indent(d) for d in diffs)
            )
    return problems


def log_excerpt(path):
    """nbconvert's own messages from its log, without the kernel's glog lines."""
    try:
        with open(path, errors="replace") as f:
            lines = f.read().splitlines()
    except OSError:
        return "(no log)"
    glog = re.compile(r"^[IWEF]\d{4} \d\d:\d\d:\d\d")
    noise = ("\t", "0.00s", "goroutine ", "github.com/janpfeifer/", "main.")
    keep = [strip_ansi(ln) for ln in lines if not glog.match(ln) and not ln.startswith(noise)]
    return "\n".join(keep[-MAX_SHOWN_LINES:])


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("executed", help="the notebook executed with nbconvert --allow-errors")
    ap.add_argument("--committed", help="the committed notebook, to check for stale outputs")
    ap.add_argument("--log", help="nbconvert's log, shown if the executed notebook is missing")
    ap.add_argument("--name", help="name to print (default: the committed or executed path)")
    args = ap.parse_args(argv)
    name = args.name or args.committed or args.executed

    if not os.path.exists(args.executed):
        print(f"{name}: not executed (nbconvert failed):")
        print(indent(log_excerpt(args.log) if args.log else "(no log)"))
        return 1
    executed = nbformat.read(args.executed, as_version=4)
    problems = check_errors(name, executed)
    if args.committed and not problems:
        committed = nbformat.read(args.committed, as_version=4)
        problems = check_committed(name, committed, executed)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
