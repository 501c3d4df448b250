#!/usr/bin/env python3
"""The real `ferry` binary shows every page (ctest tst_app_pages).

  1 ferry --self-test exits 0, prints "self-test: 7 pages, 0 failed" and the time
    to the first frame
  2 ferry --screenshots DIR writes 7 PNGs (NN-<page>.png), each a real picture:
    larger than 5 KB, of the window's size, and not one colour (the PNG is decoded
    here: zlib + the five scanline filters of PNG §9, stdlib only); then the same 7
    pages under dark/ with a dark palette: their background (a pixel at the left edge,
    half-way down) is dark where the light ones' is light

Run: QT_QPA_PLATFORM=offscreen python3 tst_app_pages.py PATH-OF-ferry
"""

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

FERRY = None
PAGES = ["welcome", "old-account", "new-account", "trust", "what-to-move", "moving", "report"]
TIMEOUT = 60


def run_ferry(*args):
    """Run ferry with ARGS offscreen, bounded; returns the CompletedProcess."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run([FERRY] + list(args), env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=TIMEOUT)


def decode_png(data):
    """(width, height, [row bytes ...]) of an 8-bit PNG (grey, RGB, grey+alpha, RGBA)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _comp, _filter, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError("unsupported PNG: depth %d, colour type %d, interlace %d" % (depth, colour, interlace))
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = previous[i]
            c = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
            elif kind != 0:
                raise ValueError("bad filter type %d in row %d" % (kind, y))
        rows.append(bytes(line))
        previous = line
    return width, height, channels, rows


def colours(width, channels, rows, step=4):
    """The distinct pixel values on every STEP-th row and column."""
    seen = set()
    for row in rows[::step]:
        for x in range(0, width, step):
            seen.add(row[x * channels:(x + 1) * channels])
    return seen


class AppPages(unittest.TestCase):

    def test_1_self_test(self):
        run = run_ferry("--self-test")
        output = run.stdout + run.stderr
        self.assertEqual(run.returncode, 0, output)
        self.assertIn("self-test: %d pages, 0 failed" % len(PAGES), run.stdout, output)
        match = re.search(r"first frame after (\d+) ms", run.stdout)
        self.assertTrue(match, output)
        self.assertLess(int(match.group(1)), TIMEOUT * 1000)

    def test_2_screenshots(self):
        out = tempfile.mkdtemp(prefix="ferry-pages-")
        try:
            shots = os.path.join(out, "shots")  # not there yet: ferry makes it
            run = run_ferry("--screenshots", shots)
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            expected = ["%02d-%s.png" % (n, page) for n, page in enumerate(PAGES, 1)]
            self.assertEqual(sorted(os.listdir(shots)), expected + ["dark"])
            self.assertEqual(sorted(os.listdir(os.path.join(shots, "dark"))), expected)
            sizes = set()
            for name in expected + [os.path.join("dark", e) for e in expected]:
                path = os.path.join(shots, name)
                self.assertIn(path, run.stdout)
                with open(path, "rb") as f:
                    data = f.read()
                self.assertGreater(len(data), 5 * 1024, "%s is only %d bytes" % (name, len(data)))
                width, height, channels, rows = decode_png(data)
                sizes.add((width, height))
                self.assertGreaterEqual(width, 400, name)
                self.assertGreaterEqual(height, 300, name)
                found = colours(width, channels, rows)
                self.assertGreater(len(found), 16, "%s has only %d colours" % (name, len(found)))
                background = rows[height // 2][4 * channels:4 * channels + 3]
                lightness = sum(background) / 3
                if name.startswith("dark"):
                    self.assertLess(lightness, 96, "%s: background %s is not dark" % (name, tuple(background)))
                else:
                    self.assertGreater(lightness, 160, "%s: background %s is not light" % (name, tuple(background)))
            self.assertEqual(len(sizes), 1, "pages of different sizes: %s" % sizes)
        finally:
            shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) < 2 or not os.access(sys.argv[1], os.X_OK):
        sys.exit("usage: tst_app_pages.py PATH-OF-ferry")
    FERRY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
