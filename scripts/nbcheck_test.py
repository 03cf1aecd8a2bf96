#!/usr/bin/python3
"""Test of scripts/nbcheck.py, run by scripts/test.sh (needs Jupyter and the GoNB kernel).

Usage: /usr/bin/python3 scripts/nbcheck_test.py [SCRATCH_DIR]

It generates small notebooks (one that works, one with a panic, one with a compile
error, one with a failed shell line), executes them with the real kernel as test.sh does,
and checks that nbcheck passes the good one and fails each broken one with the real
message. It also checks the stale-output comparison (changed text, out-of-order
execution, PNG tolerance) on generated data, and that the Markdown rendering of
scripts/nblib.sh (nb_render) writes image/gif outputs as files and shows them. Exits 1
if any check fails.
"""

import base64
import copy
import io
import os
import struct
import subprocess
import sys
import tempfile
import zlib
from contextlib import redirect_stdout

import nbformat

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import nbcheck  # noqa: E402

NOTEBOOKS = {
    "good": ['%%\nfmt.Println("hello from the good notebook")'],
    "panic": ['%%\nfmt.Println("before")', "%%\nvar a []int\nfmt.Println(a[3])"],
    "compile": ["%%\nx := 1\nfmt.Println(notDefined)"],
    "shell": ["!echo boom >&2; exit 3", '%%\nfmt.Println("after the shell line")'],
}

# What nbcheck must print for each notebook: the real messages, not "exit status 2".
EXPECTED = {
    "good": [],
    "panic": ["panic: runtime error: index out of range [3] with length 0", "cell 2"],
    "compile": ["undefined: notDefined", "declared and not used: x", "cell 1"],
    "shell": ["boom", "exit status 3", "cell 1"],
}

failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def new_notebook(sources):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Go (gonb)", "language": "go", "name": "gonb"},
        "language_info": {"name": "go"},
    }
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    return nb


def run_nbcheck(*args):
    """Runs nbcheck.py as test.sh does; returns (exit status, printed text)."""
    p = subprocess.run(
        [sys.executable, os.path.join(HERE, "nbcheck.py"), *args],
        capture_output=True,
        text=True,
    )
    return p.returncode, p.stdout + p.stderr


def execute(paths, outdir):
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    with open(os.path.join(outdir, "nbconvert.log"), "w") as log:
        subprocess.run(
            ["jupyter", "nbconvert", "--to", "notebook", "--execute", "--allow-errors",
             "--ExecutePreprocessor.timeout=600", "--output-dir", outdir, *paths],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env, check=False,
        )


def test_executed_notebooks(scratch):
    src, out = os.path.join(scratch, "src"), os.path.join(scratch, "out")
    os.makedirs(src, exist_ok=True)
    os.makedirs(out, exist_ok=True)
    paths = []
    for name, sources in NOTEBOOKS.items():
        path = os.path.join(src, name + ".ipynb")
        nbformat.write(new_notebook(sources), path)
        paths.append(path)
    execute(paths, out)
    for name in NOTEBOOKS:
        executed = os.path.join(out, name + ".ipynb")
        if not os.path.exists(executed):
            check(False, f"{name}: nbconvert wrote the executed notebook")
            continue
        status, text = run_nbcheck(executed, "--committed", executed)
        if not EXPECTED[name]:
            check(status == 0, f"{name}: passes (status {status}) {text.strip()}")
            continue
        check(status == 1, f"{name}: fails with status 1 (got {status})")
        for want in EXPECTED[name]:
            check(want in text, f"{name}: message contains {want!r}")
        print("     nbcheck printed:\n" + nbcheck.indent(text.rstrip(), "       "))
    return os.path.join(out, "good.ipynb")


def test_stale(good_path, scratch):
    if not os.path.exists(good_path):
        check(False, "stale: needs the executed good notebook")
        return
    executed = nbformat.read(good_path, as_version=4)
    stale = copy.deepcopy(executed)
    stale.cells[0].outputs[0]["text"] = "hello from an older run\n"
    stale_path = os.path.join(scratch, "stale.ipynb")
    nbformat.write(stale, stale_path)
    status, text = run_nbcheck(good_path, "--committed", stale_path)
    check(status == 1 and "stale outputs" in text, "stale: changed stdout is caught")
    check("-hello from an older run" in text.replace("committed: ", "-"), "stale: the diff is shown")

    unexecuted = copy.deepcopy(executed)
    unexecuted.cells[0].execution_count = None
    path = os.path.join(scratch, "unexecuted.ipynb")
    nbformat.write(unexecuted, path)
    status, text = run_nbcheck(good_path, "--committed", path)
    check(status == 1 and "not executed top to bottom" in text, "stale: missing execution count is caught")

    split = copy.deepcopy(executed)  # the same text in two stream chunks is not a change
    text0 = split.cells[0].outputs[0]["text"]
    split.cells[0].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text=text0[:5]),
        nbformat.v4.new_output("stream", name="stdout", text=text0[5:]),
    ]
    path = os.path.join(scratch, "split.ipynb")
    nbformat.write(split, path)
    status, text = run_nbcheck(good_path, "--committed", path)
    check(status == 0, f"stale: stream split into chunks is not a change {text.strip()}")

    # stdout and displayed data reach the kernel through different pipes: their order is timing
    reordered = copy.deepcopy(split)
    shown = nbformat.v4.new_output("display_data", data={"text/markdown": "shown"})
    reordered.cells[0].outputs.insert(1, shown)
    split.cells[0].outputs.append(copy.deepcopy(shown))
    for nb, path in ((split, "a.ipynb"), (reordered, "b.ipynb")):
        nbformat.write(nb, os.path.join(scratch, path))
    status, text = run_nbcheck(os.path.join(scratch, "a.ipynb"), "--committed", os.path.join(scratch, "b.ipynb"))
    check(status == 0, f"stale: stdout interleaved differently with a display is not a change {text.strip()}")
    shown["data"]["text/markdown"] = "shown, but different"
    nbformat.write(reordered, os.path.join(scratch, "b.ipynb"))
    status, text = run_nbcheck(os.path.join(scratch, "a.ipynb"), "--committed", os.path.join(scratch, "b.ipynb"))
    check(status == 1 and "text/markdown differs" in text, "stale: a changed Markdown display is caught")


def png(width, height, pixel):
    """A PNG (RGBA, 8-bit) whose pixel (x, y) is pixel(x, y), rows filtered by type y%5
    so every filter of the decoder is used."""
    rows = b""
    prev = bytearray(4 * width)
    for y in range(height):
        line = bytearray(b for x in range(width) for b in pixel(x, y))
        ftype = y % 5
        enc = bytearray(len(line))
        for i in range(len(line)):
            a = line[i - 4] if i >= 4 else 0
            b = prev[i]
            c = prev[i - 4] if i >= 4 else 0
            pred = [0, a, b, (a + b) >> 1, 0][ftype]
            if ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
            enc[i] = (line[i] - pred) & 0xFF
        rows += bytes([ftype]) + bytes(enc)
        prev = line

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows))
    return base64.b64encode(data + chunk(b"IEND", b"")).decode()


def test_png_tolerance():
    def base(x, y):
        return (x * 2 % 256, y * 3 % 256, (x * y) % 256, 255)

    ref = png(60, 50, base)
    w, h, ch, rows = nbcheck.png_pixels(base64.b64decode(ref))
    check((w, h, ch) == (60, 50, 4) and tuple(rows[7][4 * 9 : 4 * 9 + 4]) == base(9, 7),
          "png: the decoder reads back every filter type")
    check(nbcheck.compare_png(ref, ref) is None, "png: identical images pass")
    near = png(60, 50, lambda x, y: tuple(min(255, v + 30) for v in base(x, y)))
    check(nbcheck.compare_png(ref, near) is None, "png: small colour noise (30/255) passes")
    moved = png(60, 50, lambda x, y: base(x + 7, y))
    why = nbcheck.compare_png(ref, moved)
    check(why is not None and "pixels" in why, f"png: a changed figure is caught ({why})")
    smaller = png(60, 49, base)
    why = nbcheck.compare_png(ref, smaller)
    check(why is not None and "size" in why, f"png: a size change is caught ({why})")


def test_html_error_text():
    markup = (
        '<style>.x{}</style><div class="jp-RenderedText" '
        'data-mime-type="application/vnd.jupyter.stderr"><div><span>Cell[3]: Line 2</span> '
        'declared and not used: x<div class="gonb-err-context">secret code</div></div></div>'
    )
    text = nbcheck.html_error_text(markup)
    check("declared and not used: x" in text and "secret" not in text and ".x{}" not in text,
          f"html: GoNB's error report reduced to its message ({text!r})")


def test_missing_notebook(scratch):
    log = os.path.join(scratch, "timeout.log")
    with open(log, "w") as f:
        f.write("I1121 14:08:07.06 1 main.go:1] kernel noise\n"
                "nbclient.exceptions.CellTimeoutError: A cell timed out while it was being executed\n")
    status, text = run_nbcheck(os.path.join(scratch, "missing.ipynb"), "--log", log)
    check(status == 1 and "CellTimeoutError" in text and "kernel noise" not in text,
          "missing executed notebook: nbconvert's own error is shown")


# A 1x1 GIF: its bytes are not UTF-8, so a file holding its base64 text instead would differ.
GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00"
       b"\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def test_render_gif(scratch):
    """nblib.sh's nb_render (scripts/nbconvert/) writes image/gif outputs beside the page."""
    nb = new_notebook(["%%", "%%"])
    gif64 = base64.b64encode(GIF).decode()
    nb.cells[0].outputs = [
        nbformat.v4.new_output("display_data", data={"image/gif": gif64, "text/plain": "[gif a]"},
                               metadata={"filename": "movie.gif"}),
        nbformat.v4.new_output("display_data", data={"image/png": png(2, 2, lambda x, y: (x, y, 0, 255))}),
    ]
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", data={"image/gif": gif64, "text/plain": "[gif b]"}),
    ]
    src, out = os.path.join(scratch, "render.ipynb"), os.path.join(scratch, "render")
    nbformat.write(nb, src)
    subprocess.run(["bash", "-c", 'source "$1/nblib.sh" && nb_render "$2" "$3" "$3.log"', "-",
                    HERE, src, out], check=False)
    page = ""
    if os.path.exists(os.path.join(out, "render.md")):
        with open(os.path.join(out, "render.md")) as f:
            page = f.read()
    for name in ("movie.gif", "render_1_0.gif"):
        path = os.path.join(out, "render_files", name)
        data = open(path, "rb").read() if os.path.exists(path) else None
        check(data == GIF, f"render: {name} written with the GIF's bytes")
        check(f"![gif](render_files/{name})" in page, f"render: the page shows {name} as an image")
    check("[gif a]" not in page and "[gif b]" not in page, "render: the GIFs' text fallbacks are left out")
    check("![png](render_files/render_0_1.png)" in page, "render: PNGs are still extracted")


def main():
    scratch = sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="nbcheck-test.")
    os.makedirs(scratch, exist_ok=True)
    test_html_error_text()
    test_png_tolerance()
    test_missing_notebook(scratch)
    test_render_gif(scratch)
    good = test_executed_notebooks(scratch)
    test_stale(good, scratch)
    print(f"nbcheck self-test: {'FAILED ' + str(len(failures)) if failures else 'all'} checks "
          f"{'failed' if failures else 'passed'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
