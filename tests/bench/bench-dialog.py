#!/usr/bin/env python3
"""sobolev-transfer: how long a photographer waits for the first preview.

    bench-dialog.py [--gimp3] PLUGIN LOCALE_BUILD_DIR DATA_DIR [MEGAPIXELS ...]

For each size (default 24 MP), a sample photo scaled to that many pixels
is opened in the real gimp-2.10 under Xvfb (with --gimp3, gimp-3.0 and
the GIMP 3 plug-in, inside the root of build-aux/gimp3-root:
`build-aux/gimp3-root run python3 tests/bench/bench-dialog.py --gimp3
$PWD/build-gimp3/plug-in/gimp3/sobolev-transfer $PWD/build-gimp3/po
$PWD/data`); the dialog is started from the
action search, as a user starts it, and the time from the keystroke to
the first preview drawn with a result (the dialog's "first preview" line
under SOBOLEV_TIMING) is printed beside the time to the dialog's window,
with the target of 1.5 s, then the dialog's own stage times up to that
first preview and the load average (the machine is shared: a figure
means little without it).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "ui"))
from gimpgui import (Failure, Gimp3, Session, find_window,  # noqa: E402
                     open_by_action_search, press, start_x, wait_gone)

TARGET_SECONDS = 1.5


def scaled_photo(data, work, megapixels):
    path = os.path.join(work, "photo-%gmp.png" % megapixels)
    # chelsea is 451 × 300: keep its shape.
    height = int(round((megapixels * 1e6 * 300 / 451) ** 0.5))
    width = int(round(height * 451 / 300))
    subprocess.run(["convert", os.path.join(data, "photos", "chelsea.png"),
                    "-resize", "%dx%d!" % (width, height), "-depth", "8",
                    path], check=True)
    return path, width * height


def measure(work, args, megapixels, gimp3):
    data = os.path.abspath(args[2])
    photo, pixels = scaled_photo(data, work, megapixels)
    images = [os.path.join(data, "photos", "coffee.png"), photo]
    more = {"gimp": Gimp3} if gimp3 else {}
    s = Session(work, "mp%g" % megapixels, os.path.abspath(args[0]),
                os.path.abspath(args[1]), images, "C.UTF-8",
                {"SOBOLEV_TIMING": "1"}, **more)
    try:
        mark = len(s.log_text())
        start = time.time()
        open_by_action_search(s, "Sobolev")
        # open_by_action_search returns after the Return key.
        pressed = time.time()
        dialog = find_window("^Sobolev Color Transfer$", 120, s)
        shown = time.time()
        if not dialog:
            raise Failure("the dialog did not open")
        first = None
        while time.time() < pressed + 120:
            if "first preview" in s.log_text()[mark:]:
                first = time.time()
                break
            time.sleep(0.02)
        # The dialog's own stage times (SOBOLEV_TIMING), counted from
        # when the plug-in asked for the dialog.
        time.sleep(0.1)
        stages = re.findall(r"sobolev-transfer: dialog (.*) at ([0-9.]+) s",
                            s.log_text()[mark:])
        press(dialog, "alt+c")
        wait_gone(dialog)
        if first is None:
            raise Failure("no first preview within 120 s")
        return (pixels, shown - pressed, first - pressed, pressed - start,
                stages)
    finally:
        s.stop()


def main():
    args = sys.argv[1:]
    gimp3 = bool(args) and args[0] == "--gimp3"
    if gimp3:
        args = args[1:]
    if len(args) < 3:
        sys.exit(__doc__)
    sizes = [float(a) for a in args[3:]] or [24.0]
    work = tempfile.mkdtemp(prefix="sobolev-bench-dialog.")
    xvfb = start_x(work)
    try:
        print("# GIMP %s" % ("3" if gimp3 else "2.10"))
        print("%8s %14s %18s %8s" % ("MP", "window (s)", "first preview (s)",
                                      "target"))
        for mp in sizes:
            pixels, window, first, _, stages = measure(work, args, mp, gimp3)
            print("%8.1f %14.2f %18.2f %8s" % (
                pixels / 1e6, window, first,
                "met" if first <= TARGET_SECONDS else "NOT met (%.1f×)"
                % (first / TARGET_SECONDS)), flush=True)
            # Stages up to the first preview drawn with a result, in the
            # dialog's clock; the first line says when that clock starts
            # after the keystroke.
            drawn = [float(t) for what, t in stages if what == "drawn"]
            if drawn:
                print("    dialog asked for at %.2f s after the keystroke"
                      % (first - drawn[0]))
                for what, t in stages:
                    print("    %6.3f s  %s" % (float(t), what))
                    if what == "drawn":
                        break
            print("    load average: %s" % " ".join(
                open("/proc/loadavg").read().split()[:3]), flush=True)
    finally:
        xvfb.kill()
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
