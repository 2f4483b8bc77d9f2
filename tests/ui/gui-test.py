#!/usr/bin/env python3
"""sobolev-transfer: the plug-in as a user starts it, in the real GIMP 2.10
GUI under Xvfb.

    gui-test.py PLUGIN LOCALE_BUILD_DIR DATA_DIR [SCREENSHOT]

Installs the freshly built plug-in (and its compiled catalogs) into a
private GIMP2_DIRECTORY and starts gimp-2.10 on a private X server with two
sample photos open.  The plug-in is started only the ways a user starts
it, by keystrokes into GIMP's windows (xdotool): the action search ("/"),
Colors > Map from the menu bar, Filters > Repeat (Ctrl+F) and Re-Show
(Shift+Ctrl+F); the dialog's buttons are pressed by their mnemonics.
GIMP's own Script-Fu server (on a loopback port) is used only to look:
to save the layer to a PNG after each step, and to delete the reference.

SCREENSHOT, if given, receives the PNG of the English dialog, and
SCREENSHOT with -de before .png the German one.
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

from gimpgui import (Failure, Session, check_help_opens, check_mnemonics,
                     check_preview_column, check_preview_follows_room,
                     check_saved_look, differing_pixels,
                     enlarged_photo, find_window, german_locale,
                     open_by_action_search, press, screenshot, start_x,
                     visible_windows, wait_gone, wait_still, xdotool)

TITLE_EN = "Sobolev Color Transfer"
TITLE_DE = "Sobolev-Farbübertragung"
STALE_EN = "The reference layer used last time no longer exists"
STALE_DE = "Die zuletzt verwendete Referenzebene existiert nicht mehr"


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


def check_sanitizers(session, report):
    reports = session.sanitizer_reports()
    for line in reports:
        print("# " + line)
    report.check("the plug-in's sanitizers reported nothing", not reports)


def english_session(work, args, report, images):
    s = Session(work, "en", args.plugin, args.locale_build, images,
                "C.UTF-8", {"SOBOLEV_UI_TRACE": "1"})
    try:
        before = s.save_layer("before")

        # 1. The action search opens the dialog (only run-mode, image and
        # drawable are passed, as from every menu action).
        open_by_action_search(s, "Sobolev")
        dialog = find_window("^%s$" % TITLE_EN, 60, s)
        report.check("the action search opens the dialog", dialog is not None)
        if not dialog:
            raise Failure("no dialog; GIMP said:\n" + s.log_tail())

        check_help_opens(s, dialog, report, TITLE_EN + " Help")

        press(dialog, "alt+v")  # before | after split
        wait_still(dialog, 60, s.dir)
        # While the first result computed, the preview was marked out of
        # date; it is up to date now.
        report.check("the preview is marked out of date, then up to date",
                     s.wait_log("preview up to date", 60)
                     and s.log_text().find("preview out of date")
                     < s.log_text().find("preview up to date"))
        # The first result's edge guard was solved on a worker thread, the
        # preview waiting for it (drawn dimmed), then up to date.
        log = s.log_text()
        waits = log.find("preview waits for the edge guard")
        solved = log.find("edge guard solved on a worker thread")
        report.check("the edge guard is solved off the main thread, the "
                     "preview waiting for it",
                     "edge guard solved on the main thread" not in log
                     and 0 <= waits < solved
                     < log.find("preview up to date", waits))
        shot = os.path.join(s.dir, "dialog.png")
        report.check("screenshot of the dialog", screenshot(dialog, shot))
        check_mnemonics(s, report, "English")
        # The photo is smaller than the room: the picture is shown 1:1,
        # and what the column has left goes under the status.
        check_preview_column(s, report, "a photo shown 1:1")
        if args.screenshot:
            shutil.copy(shot, args.screenshot)
        press(dialog, "alt+o")
        report.check("OK closes the dialog", wait_gone(dialog))
        s.wait_plugin_done(120)
        ok = s.save_layer("ok")
        report.check("OK changed the layer", differing_pixels(before, ok) > 0)

        # 2. One undo step takes it all back.
        s.keys_to_image("ctrl+z")
        undone = s.save_layer("undo")
        report.check("one undo restores the exact original pixels",
                     differing_pixels(before, undone) == 0)

        # 3. Filters > Repeat: the last values, no dialog.
        s.keys_to_image("ctrl+f")
        deadline = time.time() + 120
        saw_dialog = False
        time.sleep(0.5)
        while time.time() < deadline and s.plugin_running():
            saw_dialog = saw_dialog or bool(visible_windows("^%s$" % TITLE_EN))
            time.sleep(0.2)
        repeated = s.save_layer("repeat")
        report.check("Repeat runs without a dialog", not saw_dialog)
        report.check("Repeat gives the pixels of the last OK",
                     differing_pixels(ok, repeated) == 0)
        s.keys_to_image("ctrl+z")

        # 4. Filters > Re-Show: the dialog again; Cancel at once, while it
        # computes, leaves the layer as it was.
        s.keys_to_image("ctrl+shift+f")
        dialog = find_window("^%s$" % TITLE_EN, 60, s)
        report.check("Re-Show opens the dialog", dialog is not None)
        if dialog:
            press(dialog, "alt+c")
            report.check("Cancel closes the dialog", wait_gone(dialog))
        s.wait_plugin_done(60)
        cancelled = s.save_layer("cancel")
        report.check("Cancel left the layer as it was",
                     differing_pixels(before, cancelled) == 0)

        # 5. Colors > Map > Sobolev Color Transfer from the menu bar; OK
        # at once: the dialog waits for the result, then applies it.
        s.keys_to_image("alt+c", "m", "t")
        dialog = find_window("^%s$" % TITLE_EN, 60, s)
        report.check("Colors > Map in the menu bar opens the dialog",
                     dialog is not None)
        if dialog:
            press(dialog, "alt+o")
            report.check("OK while computing closes the dialog",
                         wait_gone(dialog, 120))
        s.wait_plugin_done(120)
        early = s.save_layer("okearly")
        report.check("OK while computing waited and applied the same result",
                     differing_pixels(ok, early) == 0)

        # 6. Re-Show, the reference image's selection only, the result on
        # a new layer: the layer itself stays as it was.
        s.keys_to_image("ctrl+z")
        s.eval("(gimp-image-select-rectangle %s CHANNEL-OP-REPLACE 0 0 120 80)"
               % s.reference)
        mark = len(s.log_text())
        s.keys_to_image("ctrl+shift+f")
        dialog = find_window("^%s$" % TITLE_EN, 60, s)
        report.check("Re-Show opens the dialog again", dialog is not None)
        if dialog:
            s.wait_log("preview up to date", 60)
            press(dialog, "alt+u", "alt+n")
            # The reference's colors are read again: the preview goes out
            # of date and comes back.
            report.check("using the reference's selection updates the "
                         "preview",
                         s.wait_log_after(mark, "preview out of date", 30)
                         and s.wait_log_after(mark, "preview up to date", 60))
            press(dialog, "alt+o")
            wait_gone(dialog, 120)
        s.wait_plugin_done(120)
        layers = s.source_layers()
        report.check("the result is on a new layer", len(layers) == 2)
        if len(layers) == 2:
            below = s.save_layer("below", str(layers[1]))
            above = s.save_layer("above", str(layers[0]))
            report.check("... and the layer under it is as it was",
                         differing_pixels(before, below) == 0)
            report.check("... the new layer is recolored",
                         differing_pixels(before, above) > 0)
            report.check("... from the reference's selection only",
                         differing_pixels(ok, above) > 0)
            s.keys_to_image("ctrl+z")
            report.check("one undo removes the new layer",
                         len(s.source_layers()) == 1)
        s.eval("(gimp-selection-none %s)" % s.reference)
        early = s.save_layer("reset")

        # 7. Repeat when the reference is gone: a clear message, and the
        # layer stays as it is.
        s.eval("(gimp-image-remove-layer %s (car (gimp-image-get-active-layer"
               " %s)))" % (s.reference, s.reference))
        s.keys_to_image("ctrl+f")
        report.check("Repeat without the reference says to choose one",
                     s.wait_log(STALE_EN, 30))
        s.wait_plugin_done(30)
        after = s.save_layer("stale")
        report.check("... and leaves the layer as it was",
                     differing_pixels(early, after) == 0)

        # 8. Re-Show with a palette as the reference: Palette (Alt+E) takes
        # GIMP's current palette ("Color History"); Tab to the list and
        # Down picks the next, a palette of cool colors made here (GIMP
        # lists its internal palette first, then by name).  OK recolors
        # toward it, and Repeat uses the palette again.
        cool = s.eval('(car (gimp-palette-new "A sobolev test palette"))')
        cool = cool.strip('"')
        for c in ((20, 60, 200), (30, 160, 170), (220, 235, 250)):
            s.eval('(gimp-palette-add-entry "%s" "c" \'(%d %d %d))'
                   % ((cool,) + c))
        mark = len(s.log_text())
        s.keys_to_image("ctrl+shift+f")
        dialog = find_window("^%s$" % TITLE_EN, 60, s)
        report.check("Re-Show opens the dialog for a palette",
                     dialog is not None)
        picked = None
        if dialog:
            press(dialog, "alt+e")
            first = wait_palette(s, mark, 1, 30)
            press(dialog, "Tab", "Down")
            picked = wait_palette(s, mark, 2, 30)
            print("# palettes picked: %s, then %s" % (first, picked))
            report.check("the dialog takes a palette, and the next one "
                         "from the list", first is not None and picked == cool)
            press(dialog, "alt+o")
            report.check("OK with a palette closes the dialog",
                         wait_gone(dialog, 120))
        s.wait_plugin_done(120)
        with_palette = s.save_layer("palette")
        report.check("OK with a palette changed the layer",
                     differing_pixels(early, with_palette) > 0)
        if picked:
            colors = palette_colors(s, picked)
            before_d = mean_distance(early, colors)
            after_d = mean_distance(with_palette, colors)
            print("# mean distance to %s: %.1f before, %.1f after"
                  % (picked, before_d, after_d))
            report.check("... toward the palette's colors (mean distance "
                         "1.5x lower)", after_d * 1.5 < before_d)
        s.keys_to_image("ctrl+z")
        s.keys_to_image("ctrl+f")
        time.sleep(0.5)
        s.wait_plugin_done(120)
        report.check("Repeat uses the palette again",
                     differing_pixels(with_palette,
                                      s.save_layer("palette-repeat")) == 0)
        s.keys_to_image("ctrl+z")

        # 9. Re-Show with a saved look (.cube) instead of a reference.
        def reshow():
            s.keys_to_image("ctrl+shift+f")
            return find_window("^%s$" % TITLE_EN, 60, s)

        check_saved_look(s, report, reshow, s.save_layer("before-look"),
                         args.screenshot
                         and args.screenshot.replace(".png", "-look.png"))

        log = s.log_text()
        report.check("no crash",
                     not re.search(r"crash|segmentation|wire read|Too few",
                                   log, re.I))
    finally:
        s.stop()
    check_sanitizers(s, report)


def wait_palette(s, mark, count, limit):
    """The name of the count-th palette the dialog read after log position
    mark (SOBOLEV_UI_TRACE), or None."""
    end = time.time() + limit
    while time.time() < end:
        names = re.findall(r'reference palette "([^"]*)"', s.log_text()[mark:])
        if len(names) >= count:
            return names[count - 1]
        time.sleep(0.3)
    return None


def palette_colors(s, name):
    """The colors of a GIMP palette, as (r, g, b) in 0..255."""
    n = int(s.eval('(car (gimp-palette-get-info "%s"))' % name))
    colors = []
    for i in range(n):
        text = s.eval('(car (gimp-palette-entry-get-color "%s" %d))'
                      % (name, i))
        colors.append(tuple(int(v) for v in text.split()[:3]))
    return colors


def mean_distance(path, colors):
    """The mean distance from each pixel (of a 96-pixel copy) to the
    nearest of colors, in 8-bit units."""
    raw = subprocess.run(["convert", path, "-resize", "96x96", "-depth", "8",
                          "rgb:-"], capture_output=True).stdout
    total = 0.0
    n = len(raw) // 3
    for i in range(n):
        r, g, b = raw[3 * i], raw[3 * i + 1], raw[3 * i + 2]
        total += min((r - c[0]) ** 2 + (g - c[1]) ** 2 + (b - c[2]) ** 2
                     for c in colors) ** 0.5
    return total / max(n, 1)


def german_session(work, args, report, images):
    s = Session(work, "de", args.plugin, args.locale_build, images,
                "de_DE.UTF-8", {"SOBOLEV_UI_TRACE": "1"})
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
        s.wait_log("preview up to date", 60)
        wait_still(dialog, 30, s.dir)
        shot = os.path.join(s.dir, "dialog-de.png")
        screenshot(dialog, shot)
        if args.screenshot:
            shutil.copy(shot, args.screenshot[:-4] + "-de.png")
        check_mnemonics(s, report, "German")
        # The open photo is larger than the preview: the preview's
        # picture grows when the dialog is enlarged.
        check_preview_follows_room(s, dialog, report)
        # Escape closes a GtkDialog, like its close button.
        press(dialog, "Escape")
        if not wait_gone(dialog, 20):
            press(dialog, "Escape")
        report.check("closing the German dialog", wait_gone(dialog))
        s.wait_plugin_done(60)
        report.check("closing left the layer as it was",
                     differing_pixels(before, s.save_layer("close")) == 0)

        # A message raised before any dialog exists is German too.
        open_by_action_search(s, "Sobolev")
        dialog = find_window("^Sobolev", 60, s)
        if dialog:
            press(dialog, "alt+o")
            wait_gone(dialog, 120)
        s.wait_plugin_done(120)
        s.eval("(gimp-image-remove-layer %s (car (gimp-image-get-active-layer"
               " %s)))" % (s.reference, s.reference))
        s.keys_to_image("ctrl+f")
        report.check("the stale-reference message is German",
                     s.wait_log(STALE_DE, 30))
    finally:
        s.stop()
    check_sanitizers(s, report)

    # GIMP translates the menu label and blurb with the text domain the
    # plug-in registered (in pluginrc, the profile written as ${gimp_dir}).
    registered = ('(locale-def "sobolev-transfer" '
                  '"${gimp_dir}/plug-ins/sobolev-transfer/locale")')
    with open(os.path.join(s.profile, "pluginrc"), errors="replace") as f:
        report.check("the text domain is registered with GIMP",
                     registered in f.read())
    locale_dir = os.path.join(s.profile, "plug-ins", "sobolev-transfer",
                              "locale")

    def de_text(msgid):
        env = dict(os.environ, LANG="de_DE.UTF-8", LANGUAGE="", LC_ALL="",
                   TEXTDOMAINDIR=locale_dir)
        return subprocess.run(["gettext", "-d", "sobolev-transfer", msgid],
                              env=env, capture_output=True,
                              text=True).stdout

    label = de_text("Sobolev Color _Transfer...")
    blurb = de_text("Recolor a layer to match the colors of a reference layer")
    print("# German menu label: " + label)
    # GIMP's Repeat entry quotes the label without its ellipsis: a space
    # before the ellipsis would end up inside the quotes.
    report.check("the menu label is translated, no space before the ellipsis",
                 label == "Sobolev-_Farbübertragung…")
    report.check("the blurb is translated",
                 blurb.startswith("Eine Ebene umfärben"))


class Args:
    def __init__(self, argv):
        if len(argv) < 4:
            sys.exit(__doc__)
        self.plugin = os.path.abspath(argv[1])
        self.locale_build = os.path.abspath(argv[2])
        self.data = os.path.abspath(argv[3])
        self.screenshot = os.path.abspath(argv[4]) if len(argv) > 4 else None


def main():
    args = Args(sys.argv)
    for tool in ("Xvfb", "xdotool", "import", "compare", "gimp-2.10",
                 "pgrep", "gettext"):
        if not shutil.which(tool):
            print("FAIL: %s is not installed" % tool)
            return 1
    work = tempfile.mkdtemp(prefix="sobolev-ui-test.")
    images = [os.path.join(args.data, "photos", "coffee.png"),
              os.path.join(args.data, "photos", "chelsea.png")]
    report = Report()
    xvfb = None
    try:
        xvfb = start_x(work)
        t0 = time.time()
        english_session(work, args, report, images)
        print("# English session: %.0f s" % (time.time() - t0))
        t0 = time.time()
        german_locale(work)
        german_session(work, args, report,
                       [images[0], enlarged_photo(images[1], work)])
        print("# German session: %.0f s" % (time.time() - t0))
    except Failure as e:
        report.check("the session went on (%s)" % e, False)
        subprocess.run(["import", "-window", "root",
                        "/tmp/sobolev-ui-failure.png"],
                       stderr=subprocess.DEVNULL)
        print("# screen at failure: /tmp/sobolev-ui-failure.png")
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
