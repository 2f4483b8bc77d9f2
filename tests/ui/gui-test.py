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
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time

TITLE_EN = "Sobolev Color Transfer"
TITLE_DE = "Sobolev-Farbübertragung"
STALE_EN = "The reference layer used last time no longer exists"
STALE_DE = "Die zuletzt verwendete Referenzebene existiert nicht mehr"


class Failure(Exception):
    """A step the rest of the session cannot go on without."""


class Session:
    """One gimp-2.10 on a private profile, its X server shared."""

    def __init__(self, work, name, plugin, locale_build, images, lang):
        self.dir = os.path.join(work, name)
        self.profile = os.path.join(self.dir, "profile")
        self.log_path = os.path.join(self.dir, "gimp.log")
        os.makedirs(self.dir)
        install_profile(self.profile, plugin, locale_build)
        self.port = free_port()
        env = dict(os.environ, GIMP2_DIRECTORY=self.profile, LANG=lang,
                   LANGUAGE="", LC_ALL="")
        server = ('(plug-in-script-fu-server RUN-NONINTERACTIVE "127.0.0.1" '
                  '%d "%s")' % (self.port, os.path.join(self.dir, "sf.log")))
        self.log = open(self.log_path, "wb")
        # Its own process group: the plug-ins (Script-Fu's server among
        # them) end with it.
        self.gimp = subprocess.Popen(
            ["gimp-2.10", "--no-splash", "--no-fonts", "--new-instance",
             "--console-messages"] + images + ["-b", server],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.wait_server(120)
        self.eval("(define (ui-image path) (let loop ((ids (vector->list "
                  "(cadr (gimp-image-list))))) (cond ((null? ids) -1) "
                  "((string=? (car (gimp-image-get-filename (car ids))) path)"
                  " (car ids)) (else (loop (cdr ids))))))")
        self.source = self.eval('(ui-image "%s")' % images[1])
        self.reference = self.eval('(ui-image "%s")' % images[0])
        if self.source == "-1" or self.reference == "-1":
            raise Failure("GIMP did not open the two photos")
        self.image_window = find_window(r"\[%s\]" % image_stem(images[1]),
                                        60, self)
        if not self.image_window:
            raise Failure("the source image's window did not appear")

    def alive(self):
        return self.gimp.poll() is None

    def wait_server(self, limit):
        end = time.time() + limit
        while time.time() < end:
            if not self.alive():
                raise Failure("gimp-2.10 ended while starting")
            try:
                socket.create_connection(("127.0.0.1", self.port), 1).close()
                return
            except OSError:
                time.sleep(0.3)
        raise Failure("GIMP's Script-Fu server did not start")

    def eval(self, command):
        """Evaluates Script-Fu in GIMP; returns the printed result."""
        data = command.encode()
        with socket.create_connection(("127.0.0.1", self.port), 120) as s:
            s.sendall(b"G" + struct.pack(">H", len(data)) + data)
            head = recv_exactly(s, 4)
            body = recv_exactly(s, struct.unpack(">H", head[2:4])[0])
        text = body.decode(errors="replace").strip()
        if head[1] != 0:
            raise Failure("Script-Fu failed: %s -> %s" % (command, text))
        return text.strip("()")

    def save_layer(self, tag):
        """The source layer's pixels now, as <dir>/<tag>.png."""
        path = os.path.join(self.dir, tag + ".png")
        self.eval("(let ((layer (car (gimp-image-get-active-layer %s)))) "
                  "(file-png-save2 RUN-NONINTERACTIVE %s layer \"%s\" \"%s\" "
                  "0 9 0 0 0 0 0 0 0))" % (self.source, self.source, path,
                                            path))
        return path

    def dirty(self):
        return self.eval("(gimp-image-is-dirty %s)" % self.source) == "1"

    def plugin_running(self):
        return subprocess.run(
            ["pgrep", "-f", "-s", str(os.getpgid(self.gimp.pid)),
             "plug-ins/sobolev-transfer/sobolev-transfer"],
            stdout=subprocess.DEVNULL).returncode == 0

    def wait_plugin_done(self, limit):
        """Until no run of the plug-in is left (the image is then as the
        run left it)."""
        end = time.time() + limit
        while time.time() < end:
            if not self.plugin_running():
                return True
            time.sleep(0.2)
        return False

    def log_text(self):
        self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def log_tail(self):
        """GIMP's last messages, without GTK's theme noise."""
        lines = [l for l in self.log_text().splitlines()
                 if l.strip() and "Gtk-WARNING" not in l]
        return "\n".join(lines[-20:])

    def wait_log(self, text, limit):
        end = time.time() + limit
        while time.time() < end:
            if text in self.log_text():
                return True
            time.sleep(0.3)
        return False

    def keys_to_image(self, *keys):
        press(self.image_window, *keys)

    def stop(self):
        try:
            os.killpg(self.gimp.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.gimp.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.gimp.pid, signal.SIGKILL)
            self.gimp.wait()
        self.log.close()


def recv_exactly(sock, n):
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise Failure("GIMP's Script-Fu server closed the connection")
        data += chunk
    return data


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def image_stem(path):
    return os.path.splitext(os.path.basename(path))[0]


def install_profile(profile, plugin, locale_build):
    """The plug-in and its catalogs, as a user's profile install has them."""
    folder = os.path.join(profile, "plug-ins", "sobolev-transfer")
    os.makedirs(folder)
    shutil.copy(plugin, os.path.join(folder, "sobolev-transfer"))
    for lang in sorted(os.listdir(locale_build)):
        mo = os.path.join(locale_build, lang, "LC_MESSAGES",
                          "sobolev-transfer.mo")
        if os.path.isfile(mo):
            dest = os.path.join(folder, "locale", lang, "LC_MESSAGES")
            os.makedirs(dest)
            shutil.copy(mo, dest)
    # Photos with an embedded profile would ask whether to convert it.
    with open(os.path.join(profile, "gimprc"), "w") as f:
        f.write("(color-profile-policy keep)\n")


def xdotool(*args):
    return subprocess.run(["xdotool"] + list(args), capture_output=True,
                          text=True).stdout.strip()


def visible_windows(pattern):
    out = xdotool("search", "--onlyvisible", "--name", pattern)
    return [w for w in out.split() if w]


def find_window(pattern, limit, session=None):
    end = time.time() + limit
    while time.time() < end:
        found = visible_windows(pattern)
        if found:
            return found[0]
        if session and not session.alive():
            return None
        time.sleep(0.2)
    return None


def wait_gone(window, limit=60):
    end = time.time() + limit
    while time.time() < end:
        if window not in visible_windows("."):
            return True
        time.sleep(0.2)
    return False


def press(window, *keys):
    # No window manager: keyboard focus is given by hand.
    xdotool("windowfocus", "--sync", window)
    time.sleep(0.3)
    for key in keys:
        xdotool("key", "--clearmodifiers", key)
        time.sleep(0.4)


def type_into(window, text):
    xdotool("windowfocus", "--sync", window)
    time.sleep(0.3)
    xdotool("type", "--delay", "40", text)


def screenshot(window, path):
    subprocess.run(["import", "-window", window, path],
                   stderr=subprocess.DEVNULL)
    return os.path.exists(path) and os.path.getsize(path) > 0


def differing_pixels(a, b):
    out = subprocess.run(["compare", "-metric", "AE", a, b, "null:"],
                         capture_output=True, text=True)
    text = out.stderr.strip()
    try:
        return int(float(text.split()[0]))
    except (ValueError, IndexError):
        raise Failure("compare failed on %s and %s: %s" % (a, b, text))


def wait_still(window, limit, work):
    """Until the window's picture stops changing (the descent done and the
    preview drawn)."""
    prev = os.path.join(work, "still-a.png")
    cur = os.path.join(work, "still-b.png")
    screenshot(window, prev)
    for _ in range(limit):
        time.sleep(1)
        screenshot(window, cur)
        if differing_pixels(prev, cur) == 0:
            return True
        os.replace(cur, prev)
    return False


def open_by_action_search(session, words):
    """GIMP's "Search and Run a Command": "/", the words, Return."""
    session.keys_to_image("slash")
    search = find_window("^(Search Actions|Aktionen suchen)$", 20,
                         session)
    if not search:
        raise Failure("the action search did not open")
    type_into(search, words)
    time.sleep(1.5)
    press(search, "Return")


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


def start_x(work):
    for n in range(90, 141):
        if os.path.exists("/tmp/.X%d-lock" % n):
            continue
        xvfb = subprocess.Popen(
            ["Xvfb", ":%d" % n, "-screen", "0", "1600x1200x24",
             "-nolisten", "tcp"],
            stdout=open(os.path.join(work, "xvfb.log"), "wb"),
            stderr=subprocess.STDOUT)
        os.environ["DISPLAY"] = ":%d" % n
        for _ in range(50):
            if subprocess.run(["xdotool", "getmouselocation"],
                              capture_output=True).returncode == 0:
                return xvfb
            if xvfb.poll() is not None:
                break
            time.sleep(0.1)
        xvfb.kill()
    raise Failure("could not start Xvfb")


def english_session(work, args, report, images):
    s = Session(work, "en", args.plugin, args.locale_build, images,
                "C.UTF-8")
    try:
        before = s.save_layer("before")

        # 1. The action search opens the dialog (only run-mode, image and
        # drawable are passed, as from every menu action).
        open_by_action_search(s, "Sobolev")
        dialog = find_window("^%s$" % TITLE_EN, 60, s)
        report.check("the action search opens the dialog", dialog is not None)
        if not dialog:
            raise Failure("no dialog; GIMP said:\n" + s.log_tail())

        press(dialog, "F1")
        help_window = find_window("^%s Help$" % TITLE_EN, 20, s)
        report.check("Help opens its window", help_window is not None)
        if help_window:
            press(help_window, "Escape")
            wait_gone(help_window)

        press(dialog, "alt+s")  # before | after split
        wait_still(dialog, 60, s.dir)
        shot = os.path.join(s.dir, "dialog.png")
        report.check("screenshot of the dialog", screenshot(dialog, shot))
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

        # 6. Repeat when the reference is gone: a clear message, and the
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

        log = s.log_text()
        report.check("no crash",
                     not re.search(r"crash|segmentation|wire read|Too few",
                                   log, re.I))
    finally:
        s.stop()


def german_session(work, args, report, images):
    s = Session(work, "de", args.plugin, args.locale_build, images,
                "de_DE.UTF-8")
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
        shot = os.path.join(s.dir, "dialog-de.png")
        screenshot(dialog, shot)
        if args.screenshot:
            shutil.copy(shot, args.screenshot[:-4] + "-de.png")
        # Escape closes a GtkDialog mid-run, like its close button.
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


def german_locale(work):
    out = subprocess.run(["locale", "-a"], capture_output=True, text=True)
    if re.search(r"^de_DE\.utf-?8$", out.stdout, re.I | re.M):
        return
    # A private compiled locale: needs the locales package's sources only.
    path = os.path.join(work, "locale")
    subprocess.run(["localedef", "-i", "de_DE", "-f", "UTF-8",
                    os.path.join(path, "de_DE.UTF-8")],
                   capture_output=True)
    if not os.path.isdir(os.path.join(path, "de_DE.UTF-8")):
        raise Failure("could not compile de_DE.UTF-8")
    os.environ["LOCPATH"] = path


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
        german_session(work, args, report, images)
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
