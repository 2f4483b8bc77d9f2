#!/usr/bin/env python3
"""sobolev-transfer: the GIMP 3 plug-in as a user starts it, in the real
gimp-3.0 GUI under Xvfb (inside the Debian 13 root of build-aux/gimp3-root).

    gui3-test.py [--session english|german] PLUGIN LOCALE_BUILD_DIR
                 DATA_DIR [SCREENSHOT]

Installs the freshly built plug-in (and its compiled catalogs) into a
private GIMP3_DIRECTORY and starts gimp-3.0 on a private X server with two
sample photos open.  The plug-in is started only the ways a user starts
it, by keystrokes into GIMP's windows (xdotool): the action search ("/"),
Colors > Map in the menu bar, Filters > Repeat Last (Ctrl+F) and Re-Show
Last (Shift+Ctrl+F); the dialog's buttons are pressed by their mnemonics,
the image's undo by Ctrl+Z.  GIMP's own Script-Fu server (on a loopback
port) is used only to look: to save the layer to a PNG after each step.

SCREENSHOT, if given, receives the PNG of the English dialog, and
SCREENSHOT with -de before .png the German one.  With --session, only
that session runs (each starts its own GIMP, so the test suite runs the
two side by side, as two tests).
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
from gimpgui import (Failure, Gimp3, Session, check_help_opens,  # noqa: E402
                     check_mnemonics, check_preview_column,
                     check_preview_follows_room, check_saved_look,
                     differing_pixels, enlarged_photo, find_window,
                     german_locale, open_by_action_search, press, screenshot,
                     start_x, visible_windows, wait_gone, wait_still, xdotool)

TITLE_EN = "Sobolev Color Transfer"
TITLE_DE = "Sobolev-Farbübertragung"


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok):
        print(("ok - " if ok else "not ok - ") + name, flush=True)
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def dialog_window(s, title=TITLE_EN, limit=60):
    return find_window("^%s$" % re.escape(title), limit, s)


def traced_place(s, what, mark=0):
    """The last place the dialog traced for what (SOBOLEV_UI_TRACE):
    x, y, width, height in the dialog window."""
    found = re.findall(r"sobolev-transfer: %s (\d+) (\d+) (\d+) (\d+)"
                       % re.escape(what), s.log_text()[mark:])
    return [int(v) for v in found[-1]] if found else None


def preview_picture(s, dialog, tag):
    """The preview's pixels as the dialog shows them, cut from a
    screenshot of the dialog, as <dir>/<tag>.png."""
    place = traced_place(s, "preview drawn")
    shot = os.path.join(s.dir, tag + "-dialog.png")
    path = os.path.join(s.dir, tag + ".png")
    if not place or not screenshot(dialog, shot):
        raise Failure("no preview to look at")
    x, y, w, h = place
    # The drawing reaches the screen a moment after the dialog says so.
    wait_still(dialog, 10, s.dir)
    screenshot(dialog, shot)
    subprocess.run(["convert", shot, "-crop", "%dx%d+%d+%d" % (w, h, x, y),
                    "+repage", path], check=True)
    return path


def mean_difference(a, b):
    """The mean absolute difference of two same-sized images, 0 … 1."""
    out = subprocess.run(["compare", "-metric", "MAE", a, b, "null:"],
                         capture_output=True, text=True)
    found = re.search(r"\(([0-9.e+-]+)\)", out.stderr)
    if not found:
        raise Failure("compare failed on %s and %s: %s"
                      % (a, b, out.stderr.strip()))
    return float(found.group(1))


def type_value(s, dialog, name, text):
    """Types text into the entry of a parameter of the dialog, as a user
    does: a triple click selects what it holds, Tab confirms."""
    place = traced_place(s, "entry " + name)
    if not place:
        raise Failure("the dialog did not say where %s is" % name)
    x, y, w, h = place
    xdotool("windowfocus", "--sync", dialog)
    time.sleep(0.3)
    xdotool("mousemove", "--window", dialog, str(x + w // 4), str(y + h // 2))
    xdotool("click", "--repeat", "3", "--delay", "80", "1")
    time.sleep(0.3)
    xdotool("type", "--delay", "60", text)
    xdotool("key", "Tab")


def scrub(s, dialog, percent, strength):
    """Sets Strength; TRUE when the preview followed without a new
    descent."""
    mark = len(s.log_text())
    type_value(s, dialog, "strength", str(percent))
    shown = s.wait_log_after(mark, "preview strength %g\n" % strength, 20)
    return shown and "preview out of date" not in s.log_text()[mark:]


def reshow(s, report=None, name=None):
    """Filters > Re-Show Last (Shift+Ctrl+F): the dialog once its
    preview is drawn, or None; checked as name if given."""
    mark = len(s.log_text())
    s.keys_to_image("ctrl+shift+f")
    dialog = dialog_window(s)
    if name:
        report.check(name, dialog is not None)
    if dialog:
        s.wait_log_after(mark, "preview strength", 60)
        s.wait_log_quiet()
    return dialog


def guarded_off_main_thread(s, mark):
    """TRUE when, since mark, the preview waited for the edge guard, the
    guard was solved on a worker thread and the preview then drawn."""
    log = s.log_text()[mark:]
    waits = log.find("preview waits for the edge guard")
    solved = log.find("edge guard solved on a worker thread")
    return ("edge guard solved on the main thread" not in log
            and 0 <= waits < solved < log.find("preview strength", solved))


def english_session(work, args, report, images):
    s = Session(work, "en", args.plugin, args.locale_build, images,
                "C.UTF-8", {"SOBOLEV_UI_TRACE": "1"}, gimp=Gimp3)
    try:
        before = s.save_layer("before")

        # 1. The action search opens the dialog (GIMP passes only the run
        # mode, the image and the drawables, as from every menu action).
        open_by_action_search(s, "Sobolev")
        dialog = dialog_window(s)
        report.check("the action search opens the dialog", dialog is not None)
        if not dialog:
            raise Failure("no dialog; GIMP said:\n" + s.log_tail())
        # Help (F1) opens the plug-in's own help page, not GIMP's
        # browser.
        check_help_opens(s, dialog, report, TITLE_EN + " Help")

        # While the first result is computed on the worker, the preview
        # is marked out of date; then it is drawn up to date.
        report.check("the preview is marked out of date, then up to date",
                     s.wait_log("preview up to date", 60)
                     and s.log_text().find("preview out of date")
                     < s.log_text().find("preview up to date"))
        wait_still(dialog, 60, s.dir)
        shot = os.path.join(s.dir, "dialog.png")
        report.check("screenshot of the dialog", screenshot(dialog, shot))
        check_mnemonics(s, report, "English")
        # The photo is smaller than the room: the picture is shown 1:1,
        # and what the column has left goes under the status.
        check_preview_column(s, report, "a photo shown 1:1")
        if args.screenshot:
            shutil.copy(shot, args.screenshot)
        full = preview_picture(s, dialog, "preview-full")
        report.check("the preview shows the layer recolored",
                     mean_difference(before, full) > 0.02)

        # Strength scrubs the kept path: the preview follows at once,
        # with no new descent.
        report.check("Strength 50 % redraws the preview without a new "
                     "descent", scrub(s, dialog, 50, 0.5))
        half = preview_picture(s, dialog, "preview-half")
        report.check("... half way between the layer and the full result",
                     0.2 < mean_difference(before, half)
                     / mean_difference(before, full) < 0.8)
        report.check("Strength 100 % again", scrub(s, dialog, 100, 1))
        press(dialog, "alt+o")
        report.check("OK closes the dialog", wait_gone(dialog, 120))
        s.wait_plugin_done(120)
        ok = s.save_layer("ok")
        report.check("OK changed the layer", differing_pixels(before, ok) > 0)
        print("# preview against OK: %.4f, against the layer: %.4f"
              % (mean_difference(full, ok), mean_difference(full, before)))
        report.check("OK applied what the preview showed",
                     mean_difference(full, ok) < 0.005)

        # 2. One undo step takes it all back.
        s.keys_to_image("ctrl+z")
        undone = s.save_layer("undo")
        report.check("one undo restores the exact original pixels",
                     differing_pixels(before, undone) == 0)

        # 3. Filters > Repeat Last: the last values, no dialog.
        s.keys_to_image("ctrl+f")
        deadline = time.time() + 120
        saw_dialog = False
        time.sleep(0.5)
        while time.time() < deadline and s.plugin_running():
            saw_dialog = saw_dialog or bool(
                visible_windows("^%s$" % TITLE_EN))
            time.sleep(0.2)
        repeated = s.save_layer("repeat")
        report.check("Repeat runs without a dialog", not saw_dialog)
        report.check("Repeat gives the pixels of the last OK",
                     differing_pixels(ok, repeated) == 0)
        s.keys_to_image("ctrl+z")
        report.check("... and one undo takes it back",
                     differing_pixels(before, s.save_layer("undo2")) == 0)

        # 4. Filters > Re-Show Last: the dialog again; Cancel leaves the
        # layer as it was.
        s.keys_to_image("ctrl+shift+f")
        dialog = dialog_window(s)
        report.check("Re-Show opens the dialog", dialog is not None)
        if dialog:
            press(dialog, "alt+c")
            report.check("Cancel closes the dialog", wait_gone(dialog))
        s.wait_plugin_done(60)
        report.check("Cancel left the layer as it was",
                     differing_pixels(before, s.save_layer("cancel")) == 0)

        # 5. Colors > Map > Sobolev Color Transfer from the menu bar; OK
        # at once: the same result as the first OK.
        s.keys_to_image("alt+c", "m", "t")
        dialog = dialog_window(s)
        report.check("Colors > Map in the menu bar opens the dialog",
                     dialog is not None)
        if dialog:
            press(dialog, "alt+o")
            report.check("OK at once closes the dialog",
                         wait_gone(dialog, 120))
        s.wait_plugin_done(120)
        report.check("OK at once applied the same result",
                     differing_pixels(ok, s.save_layer("okearly")) == 0)
        s.keys_to_image("ctrl+z")

        # 6. Re-Show, Strength 50 %, OK: the half-way result the preview
        # showed is what is applied.
        mark = len(s.log_text())
        s.keys_to_image("ctrl+shift+f")
        dialog = dialog_window(s)
        report.check("Re-Show opens the dialog again", dialog is not None)
        if dialog:
            s.wait_log_after(mark, "preview strength 1", 60)
            # The full run after the coarse one, and its guard, done: the
            # change below is then the only thing the dialog works on.
            s.wait_log_quiet()
            mark = len(s.log_text())
            report.check("Strength 50 % in the dialog",
                         scrub(s, dialog, 50, 0.5))
            report.check("... its edge guard solved off the main thread, "
                         "the preview waiting for it",
                         guarded_off_main_thread(s, mark))
            press(dialog, "alt+o")
            wait_gone(dialog, 120)
        s.wait_plugin_done(120)
        applied = s.save_layer("ok-half")
        report.check("OK at Strength 50 % applied the preview's half-way "
                     "result", mean_difference(half, applied) < 0.005
                     and differing_pixels(ok, applied) > 0)
        s.keys_to_image("ctrl+z")

        # 7. Re-Show, Fidelity changed: the edge guard works on the map
        # already made, so the preview is redrawn without a new descent;
        # Cancel leaves the layer as it was.
        mark = len(s.log_text())
        s.keys_to_image("ctrl+shift+f")
        dialog = dialog_window(s)
        if dialog:
            s.wait_log_after(mark, "preview strength", 60)
            time.sleep(1)
            mark = len(s.log_text())
            type_value(s, dialog, "fidelity", "30")
            redrawn = s.wait_log_after(mark, "preview strength", 20)
            report.check("Fidelity 30 % redraws the preview without a new "
                         "descent", redrawn and "preview out of date"
                         not in s.log_text()[mark:])
            press(dialog, "alt+c")
            wait_gone(dialog)
        s.wait_plugin_done(60)
        report.check("Cancel after the change left the layer as it was",
                     differing_pixels(before, s.save_layer("cancel2")) == 0)

        # 8. Re-Show, Palette (Alt+E: GIMP's current palette) as the
        # reference, OK: the layer recolored otherwise than with the
        # reference layer; one undo takes it back.
        dialog = reshow(s, report,
                        "Re-Show opens the dialog for a palette")
        if dialog:
            mark = len(s.log_text())
            press(dialog, "alt+e")
            report.check("Palette (Alt+E) makes GIMP's palette the "
                         "reference",
                         s.wait_log_after(mark, "reference palette", 30))
            s.wait_log_after(mark, "preview strength", 120)
            press(dialog, "alt+o")
            wait_gone(dialog, 120)
        s.wait_plugin_done(120)
        with_palette = s.save_layer("palette")
        print("# palette: %d pixels differ from the layer, %d from the "
              "reference layer's result; the dialog said:"
              % (differing_pixels(before, with_palette),
                 differing_pixels(applied, with_palette)))
        for line in s.log_text()[mark:].splitlines():
            if "sobolev-transfer:" in line and "preview" not in line:
                print("#   " + line)
        report.check("OK with the palette recolored the layer otherwise "
                     "than the reference layer did",
                     differing_pixels(before, with_palette) > 0
                     and differing_pixels(applied, with_palette) > 0)
        s.keys_to_image("ctrl+z")
        report.check("... and one undo takes it back",
                     differing_pixels(before, s.save_layer("undo3")) == 0)

        # 9. Re-Show, Result on a new layer (Alt+N), OK: a new layer holds
        # the result, the layer stays as it was; one undo removes both.
        layers = s.source_layers()
        mark = len(s.log_text())
        s.keys_to_image("ctrl+shift+f")
        dialog = dialog_window(s)
        if dialog:
            s.wait_log_after(mark, "preview strength", 60)
            press(dialog, "alt+n")
            time.sleep(0.5)
            press(dialog, "alt+o")
            wait_gone(dialog, 120)
        s.wait_plugin_done(120)
        now = s.source_layers()
        print("# layers %s, then %s" % (layers, now))
        report.check("Result on a new layer adds one layer, above",
                     len(now) == len(layers) + 1 and now[1:] == layers)
        if len(now) == len(layers) + 1:
            report.check("... which holds the result",
                         differing_pixels(with_palette,
                                          s.save_layer("new-layer",
                                                       str(now[0]))) == 0)
            report.check("... and the layer stays as it was",
                         differing_pixels(before,
                                          s.save_layer("kept",
                                                       str(layers[0]))) == 0)
        s.keys_to_image("ctrl+z")
        report.check("... one undo removes the new layer",
                     s.source_layers() == layers)

        # 10. GIMP's Save Settings keeps the values shown; Load Saved
        # Settings brings them back into a later dialog.
        dialog = reshow(s, report,
                        "Re-Show opens the dialog to save settings")
        if dialog:
            report.check("Strength 40 %", scrub(s, dialog, 40, 0.4))
            press(dialog, "alt+s")
            time.sleep(1)
            press(dialog, "alt+c")
            wait_gone(dialog)
        s.wait_plugin_done(60)
        dialog = reshow(s)
        if dialog:
            mark = len(s.log_text())
            press(dialog, "alt+l")
            report.check("Load Saved Settings brings Strength 40 % back",
                         s.wait_log_after(mark, "preview strength 0.4\n",
                                          30))
            press(dialog, "alt+c")
            wait_gone(dialog)
        s.wait_plugin_done(60)

        # 11. Re-Show with a saved look (.cube) instead of a reference,
        # at Strength 100 % (step 6 left 50 %); GIMP 3's Load Saved
        # Settings takes Alt+L, Saved look Alt+D.
        def reshow_for_look():
            s.keys_to_image("ctrl+shift+f")
            dialog = dialog_window(s)
            if dialog:
                s.wait_log_quiet()
                type_value(s, dialog, "strength", "100")
                s.wait_log_quiet()
            return dialog

        check_saved_look(s, report, reshow_for_look,
                         s.save_layer("before-look"))

        log = s.log_text()
        report.check("no crash",
                     not re.search(r"crash|segmentation|wire read|Too few",
                                   log, re.I))
        # GIMP 3.0.4's GimpLabelSpin logs a critical of its own while it
        # is made for a range of at most 1 (it sets its increments before
        # its range): that one is GIMP's, as is the warning below; every
        # other is the plug-in's.
        ours = [l for l in log.splitlines()
                if re.search(r"\(sobolev-transfer:\d+\).*(CRITICAL|WARNING)",
                             l)
                and "gimp_label_spin_set_increments: assertion" not in l
                # libgimp 3.0.4 may still flush to GIMP after GIMP has
                # taken a plug-in's return values and closed its pipe:
                # GIMP's own plug-ins (file-png) log the same.
                and "gimp_flush(): error: Broken pipe" not in l
                # GIMP 3.0.4 cannot keep a layer argument as a last value
                # (the plug-in keeps the reference itself).
                and not re.search(r"couldn't serialize property \S+::"
                                  r"reference of type GimpLayer", l)]
        report.check("no GLib warning or critical from the plug-in",
                     not ours)
        # What GIMP and the plug-in said just before each: which step it
        # came from.
        lines = [l for l in log.splitlines() if "Gtk-WARNING" not in l]
        for line in ours:
            at = lines.index(line)
            for before_line in lines[max(0, at - 8):at + 1]:
                print("# " + before_line)
    finally:
        s.stop()


def german_session(work, args, report, images):
    s = Session(work, "de", args.plugin, args.locale_build, images,
                "de_DE.UTF-8", {"SOBOLEV_UI_TRACE": "1"}, gimp=Gimp3)
    try:
        before = s.save_layer("before")
        open_by_action_search(s, "Sobolev")
        dialog = find_window("^Sobolev", 60, s)
        report.check("the German dialog opens from the action search",
                     dialog is not None)
        if not dialog:
            raise Failure("no German dialog; GIMP said:\n" + s.log_tail())
        name = xdotool("getwindowname", dialog)
        print("# German dialog title: " + name)
        report.check("German title", name == TITLE_DE)
        # The screenshot once the dialog is drawn and its preview done.
        report.check("the German preview is drawn up to date",
                     s.wait_log("preview up to date", 60))
        wait_still(dialog, 30, s.dir)
        shot = os.path.join(s.dir, "dialog-de.png")
        report.check("screenshot of the German dialog",
                     screenshot(dialog, shot))
        if args.screenshot:
            shutil.copy(shot, args.screenshot[:-4] + "-de.png")
        check_mnemonics(s, report, "German")
        # The open photo is larger than the preview: the preview's
        # picture grows when the dialog is enlarged.
        check_preview_follows_room(s, dialog, report)
        press(dialog, "Escape")
        report.check("closing the German dialog", wait_gone(dialog))
        s.wait_plugin_done(60)
        report.check("closing left the layer as it was",
                     differing_pixels(before, s.save_layer("close")) == 0)
    finally:
        s.stop()


class Args:
    def __init__(self, argv):
        argv = list(argv)
        self.sessions = ("english", "german")
        if len(argv) > 2 and argv[1] == "--session":
            if argv[2] not in self.sessions:
                sys.exit(__doc__)
            self.sessions = (argv[2],)
            del argv[1:3]
        if len(argv) < 4:
            sys.exit(__doc__)
        self.plugin = os.path.abspath(argv[1])
        self.locale_build = os.path.abspath(argv[2])
        self.data = os.path.abspath(argv[3])
        self.screenshot = os.path.abspath(argv[4]) if len(argv) > 4 else None


def main():
    args = Args(sys.argv)
    for tool in ("Xvfb", "xdotool", "import", "compare", "gimp-3.0",
                 "pgrep"):
        if not shutil.which(tool):
            print("FAIL: %s is not installed; the GIMP 3 tests run in the "
                  "root that build-aux/gimp3-root makes" % tool)
            return 1
    work = tempfile.mkdtemp(prefix="sobolev-gui3-test.")
    images = [os.path.join(args.data, "photos", "coffee.png"),
              os.path.join(args.data, "photos", "chelsea.png")]
    report = Report()
    xvfb = None
    try:
        xvfb = start_x(work)
        if "english" in args.sessions:
            t0 = time.time()
            english_session(work, args, report, images)
            print("# English session: %.0f s" % (time.time() - t0))
        if "german" in args.sessions:
            t0 = time.time()
            german_locale(work)
            german_session(work, args, report,
                           [images[0], enlarged_photo(images[1], work)])
            print("# German session: %.0f s" % (time.time() - t0))
    except Failure as e:
        report.check("the session went on (%s)" % e, False)
        failure = os.path.join(work, "failure.png")
        subprocess.run(["import", "-window", "root", failure],
                       stderr=subprocess.DEVNULL)
        if args.screenshot:
            shutil.copy(failure, os.path.join(
                os.path.dirname(args.screenshot), "failure.png"))
        for name in ("en", "de"):
            log = os.path.join(work, name, "gimp.log")
            if os.path.exists(log):
                print("--- " + log)
                with open(log, errors="replace") as f:
                    print("".join([l for l in f.readlines()
                                   if "Gtk-WARNING" not in l][-40:]))
    finally:
        if xvfb:
            xvfb.kill()
            xvfb.wait()
        if os.environ.get("SOBOLEV_KEEP_UI_WORK"):
            print("# work folder kept: " + work)
        else:
            shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (report.passed, report.failed))
    return 0 if report.failed == 0 and report.passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
