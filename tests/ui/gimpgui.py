"""sobolev-transfer: driving the real GIMP GUI (2.10 or 3.0) under Xvfb as
a user does (keystrokes through xdotool), and looking at it through GIMP's
own Script-Fu server on a loopback port.  Used by tests/ui/gui-test.py,
tests/gimp3/gui3-test.py and tests/bench/bench-dialog.py."""

import os
import re
import select
import shutil
import signal
import socket
import struct
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))


class Failure(Exception):
    """A step the rest of the session cannot go on without."""


class Gimp2:
    """What differs between GIMP versions: GIMP 2.10's side."""
    binary = "gimp-2.10"
    profile_var = "GIMP2_DIRECTORY"
    # The headless GIMP that makes the model of a used profile.
    console = "gimp-console-2.10"
    unset_env = ()
    options = ["--no-fonts"]
    @staticmethod
    def gimprc():
        # Photos with an embedded profile would ask whether to convert it.
        return "(color-profile-policy keep)\n"
    # The Script-Fu server's own interpreter: setup sent once.
    setup = ("(define (ui-image path) (let loop ((ids (vector->list "
             "(cadr (gimp-image-list))))) (cond ((null? ids) -1) "
             "((string=? (car (gimp-image-get-filename (car ids))) path)"
             " (car ids)) (else (loop (cdr ids))))))")

    @staticmethod
    def active_layer(image):
        return "(car (gimp-image-get-active-layer %s))" % image

    @staticmethod
    def layers(image):
        return "(vector->list (cadr (gimp-image-get-layers %s)))" % image

    @staticmethod
    def save_layer(image, layer, path):
        return ("(let ((layer %s)) "
                "(file-png-save2 RUN-NONINTERACTIVE %s layer \"%s\" \"%s\" "
                "0 9 0 0 0 0 0 0 0))" % (layer, image, path, path))

    @staticmethod
    def is_true(text):
        return text == "1"


class Gimp3:
    """GIMP 3.0's side: its own profile variable, the Script-Fu server as
    a plug-in of its own, the v3 dialect (plain values, #t/#f), image
    files as paths, selected layers instead of an active one, and a
    welcome dialog on a fresh profile."""
    binary = "gimp-3.0"
    profile_var = "GIMP3_DIRECTORY"
    console = "gimp-console-3.0"
    # GIMP 3.0.4 itself logs GLib criticals (one when it quits): they
    # cannot be fatal.  The tests look for the plug-in's own in the log.
    unset_env = ("G_DEBUG",)
    # No session bus in the root: GTK 3's file chooser keeps its settings
    # in memory instead of failing to reach dconf, with a warning.
    env = {"GSETTINGS_BACKEND": "memory"}
    options = ["--batch-interpreter", "plug-in-script-fu-eval"]
    @staticmethod
    def gimprc():
        # A profile last written by an older GIMP (or by none) is
        # greeted with a welcome dialog: this one says it is current.
        out = subprocess.run(["gimp-3.0", "--version"], capture_output=True,
                             text=True).stdout
        version = re.search(r"version (\S+)", out)
        return ("(color-profile-policy keep)\n(show-welcome-dialog no)\n"
                + ('(config-version "%s")\n' % version.group(1)
                   if version else ""))
    setup = ("(begin (script-fu-use-v3) "
             "(define (ui-image path) (let loop ((ids (vector->list "
             "(gimp-get-images)))) (cond ((null? ids) -1) "
             "((equal? (gimp-image-get-file (car ids)) path) (car ids)) "
             "(else (loop (cdr ids)))))))")

    @staticmethod
    def active_layer(image):
        return "(vector-ref (gimp-image-get-selected-layers %s) 0)" % image

    @staticmethod
    def layers(image):
        return "(vector->list (gimp-image-get-layers %s))" % image

    @staticmethod
    def save_layer(image, layer, path):
        # Export saves an image: the layer alone, copied into a new one.
        return ("(let* ((layer %s) (img (gimp-image-new "
                "(gimp-drawable-get-width layer) "
                "(gimp-drawable-get-height layer) RGB)) "
                "(copy (gimp-layer-new-from-drawable layer img))) "
                "(gimp-image-insert-layer img copy 0 0) "
                "(gimp-layer-set-offsets copy 0 0) "
                "(gimp-file-save RUN-NONINTERACTIVE img \"%s\") "
                "(gimp-image-delete img))" % (layer, path))

    @staticmethod
    def is_true(text):
        return text == "#t"


class Session:
    """One GIMP on a private profile, its X server shared."""

    def __init__(self, work, name, plugin, locale_build, images, lang,
                 extra_env=None, gimp=Gimp2):
        """images: the reference's file, then the source's (its window is
        the one keystrokes go to).  gimp: Gimp2 or Gimp3."""
        self.gimp_version = gimp
        self.dir = os.path.join(work, name)
        self.profile = os.path.join(self.dir, "profile")
        self.log_path = os.path.join(self.dir, "gimp.log")
        os.makedirs(self.dir)
        install_profile(self.profile, plugin, locale_build, gimp)
        self.port = free_port()
        env = dict(os.environ, LANG=lang, LANGUAGE="", LC_ALL="")
        env[gimp.profile_var] = self.profile
        for name in gimp.unset_env:
            env.pop(name, None)
        env.update(getattr(gimp, "env", {}))
        env.update(extra_env or {})
        # A cache folder of its own, empty (see tests/host/gimp-run.sh).
        env["XDG_CACHE_HOME"] = os.path.join(self.dir, "cache")
        server = ('(plug-in-script-fu-server RUN-NONINTERACTIVE "127.0.0.1" '
                  '%d "%s")' % (self.port, os.path.join(self.dir, "sf.log")))
        self.log = open(self.log_path, "wb")
        # Its own process group: the plug-ins (Script-Fu's server among
        # them) end with it.
        self.gimp = subprocess.Popen(
            [gimp.binary, "--no-splash", "--new-instance",
             "--console-messages"] + gimp.options + images + ["-b", server],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True)
        self.wait_server(120)
        self.eval(gimp.setup)
        # Large photos may still be loading when the server answers.
        end = time.time() + 120
        while True:
            self.source = self.eval('(ui-image "%s")' % images[1])
            self.reference = self.eval('(ui-image "%s")' % images[0])
            if self.source != "-1" and self.reference != "-1":
                break
            if time.time() > end:
                raise Failure("GIMP did not open the two photos")
            time.sleep(0.5)
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
                raise Failure("%s ended while starting"
                              % self.gimp_version.binary)
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

    def save_layer(self, tag, layer=None):
        """A layer's pixels now (the source image's active one unless
        layer, a Script-Fu expression, says which), as <dir>/<tag>.png."""
        path = os.path.join(self.dir, tag + ".png")
        v = self.gimp_version
        self.eval(v.save_layer(self.source,
                               layer or v.active_layer(self.source), path))
        return path

    def active_layer(self, image):
        """A Script-Fu expression for image's active (first selected)
        layer."""
        return self.gimp_version.active_layer(image)

    def source_layers(self):
        """The source image's layer IDs, top first."""
        text = self.eval(self.gimp_version.layers(self.source))
        return [int(v) for v in text.split()]

    def dirty(self):
        return self.gimp_version.is_true(
            self.eval("(gimp-image-is-dirty %s)" % self.source))

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
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def sanitizer_reports(self):
        """What the sanitizers of the plug-in's processes reported in
        GIMP's log (the sanitizer build), with a few lines of each.
        GIMP does not look at how a plug-in exits once it has answered:
        a leak found at exit shows only here.  The same patterns as
        sanitizer_reports in tests/common/script-fu-run.sh."""
        lines = self.log_text().splitlines()
        found = []
        for i, line in enumerate(lines):
            if re.search(r"ERROR: (AddressSanitizer|LeakSanitizer)|"
                         r": runtime error: ", line):
                found.extend(lines[i:i + 12])
        return found

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

    def wait_log_after(self, mark, text, limit):
        """Like wait_log, for text written after position mark."""
        end = time.time() + limit
        while time.time() < end:
            if text in self.log_text()[mark:]:
                return True
            time.sleep(0.3)
        return False

    def wait_log_quiet(self, seconds=2, limit=60):
        """Waits until GIMP's log has said nothing new for seconds: the
        dialog's runs and solves are over."""
        end = time.time() + limit
        last = len(self.log_text())
        quiet_since = time.time()
        while time.time() < end and time.time() - quiet_since < seconds:
            time.sleep(0.2)
            now = len(self.log_text())
            if now != last:
                quiet_since = time.time()
                last = now
        return time.time() - quiet_since >= seconds

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
        # A plug-in of the group may outlive GIMP: libgimp's SIGTERM
        # handler allocates, and one that interrupts an allocation (seen
        # in the sanitizer build) waits forever on the allocator's lock.
        try:
            os.killpg(self.gimp.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
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


def install_profile(profile, plugin, locale_build, gimp):
    """A profile GIMP has used before (tests/common/gimp-seed-profile.sh),
    then the plug-in and its catalogs, as a user's install has them."""
    subprocess.run(["sh", os.path.join(HERE, "..", "common",
                                       "gimp-seed-profile.sh"),
                    gimp.profile_var, profile, gimp.console],
                   check=True)
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
    with open(os.path.join(profile, "gimprc"), "w") as f:
        f.write(gimp.gimprc())


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


def preview_picture_size(session, mark=0):
    """The size of the last up-to-date picture the dialog drew since
    mark (SOBOLEV_UI_TRACE): (width, height), or None."""
    found = re.findall(r"sobolev-transfer: preview picture (\d+) (\d+)",
                       session.log_text()[mark:])
    return tuple(int(v) for v in found[-1]) if found else None


def resize_dialog(session, dialog, width, height, limit=60):
    """Gives the dialog window width x height pixels, as a user dragging
    its corner does; the size of the picture the preview then draws, or
    None if it drew none."""
    before = preview_picture_size(session)
    mark = len(session.log_text())
    xdotool("windowsize", dialog, str(width), str(height))
    if not session.wait_log_after(mark, "preview picture", limit):
        # Whether the dialog is still there, and what the plug-in said.
        lines = [l for l in session.log_text()[mark:].splitlines()
                 if "sobolev-transfer:" in l]
        print("# no picture within %d s, the dialog %s; the plug-in said "
              "since: %s" % (limit, window_size(dialog),
                             " | ".join(lines[-6:]) or "nothing"))
        return None
    # GIMP's preview may draw once at its old size before the picture is
    # fitted to the room, and on a busy machine the fitted one can come
    # seconds later: wait for a picture of another size (or the limit),
    # then take the last one once the dialog is quiet.
    end = time.time() + limit
    while (time.time() < end
           and preview_picture_size(session, mark) == before):
        time.sleep(0.3)
    session.wait_log_quiet(3, max(1, end - time.time()))
    return preview_picture_size(session, mark)


def window_size(window):
    """The window's width and height."""
    found = re.search(r"Geometry: (\d+)x(\d+)",
                      xdotool("getwindowgeometry", window))
    return (int(found.group(1)), int(found.group(2))) if found else None


def enlarged_photo(path, work):
    """A copy of the photo at path, three times as large, in work: larger
    than the dialog's preview, even once the dialog has widened for it,
    so that the preview can grow."""
    out = os.path.join(work, "large-" + os.path.basename(path))
    subprocess.run(["convert", path, "-resize", "300%", out], check=True)
    return out


def check_mnemonics(session, report, language):
    """The dialog reported its Alt+letter keys (SOBOLEV_UI_TRACE, with
    its first preview): each does one thing, GIMP's own buttons
    included."""
    log = session.log_text()
    counted = re.search(r"sobolev-transfer: mnemonics (\d+)", log)
    clashes = re.findall(r"sobolev-transfer: mnemonic clash: .*", log)
    for line in clashes:
        print("# " + line)
    report.check("%s dialog: %s Alt+letter keys, none shared"
                 % (language, counted.group(1) if counted else "no"),
                 counted is not None and int(counted.group(1)) >= 5
                 and not clashes)


def check_help_opens(session, dialog, report, title):
    """F1 in the dialog opens the plug-in's help window, titled title;
    Escape closes it."""
    press(dialog, "F1")
    help_window = find_window("^%s$" % re.escape(title), 20, session)
    report.check("Help opens its window", help_window is not None)
    if help_window:
        press(help_window, "Escape")
        wait_gone(help_window)


def check_preview_follows_room(session, dialog, report, extra=(400, 300)):
    """A landscape photo larger than the preview is open.  The dialog
    opened wide enough for the picture to take the height its column
    leaves the preview (the room the dialog traced when it first showed,
    SOBOLEV_UI_TRACE), not the column's first width with grey below.
    Then enlarges the dialog by extra pixels and gives it its size back:
    the preview's picture must take most of the extra width, then be as
    it was."""
    # The last dialog's: the one open.
    log = session.log_text()
    room = list(re.finditer(r"sobolev-transfer: preview room (\d+) × (\d+), "
                            r"box (\d+) of (\d+)", log))
    if room:
        width, height, box, asked = (int(v) for v in room[-1].groups())
        # The picture at the widened size comes after the one at the
        # first size, seconds later on a busy machine.
        end = time.time() + 60
        while time.time() < end:
            drawn = preview_picture_size(session, room[-1].end())
            if drawn and drawn[0] > width + 8:
                break
            time.sleep(0.3)
        session.wait_log_quiet(3, 60)
    size = window_size(dialog)
    first = preview_picture_size(session)
    if not size or not first:
        report.check("the dialog drew a preview to resize", False)
        return
    if room:
        tall = height + max(0, box - asked)
        print("# preview room at open %d × %d, %d tall with the column's "
              "spare height; picture %s" % (width, height, tall, first))
    report.check("the dialog opened wide enough for the picture to fill "
                 "the preview's column",
                 room is not None and first[1] >= 0.9 * tall)
    grown = resize_dialog(session, dialog, size[0] + extra[0],
                          size[1] + extra[1])
    print("# preview picture %s in a dialog of %s, %s in one %s larger"
          % (first, size, grown, extra))
    report.check("the preview's picture grows with the dialog (most of "
                 "the extra width)",
                 grown is not None and grown[0] - first[0] >= 0.7 * extra[0])
    check_preview_column(session, report, "the enlarged dialog")
    back = resize_dialog(session, dialog, size[0], size[1])
    print("# preview picture %s when the dialog is as it was" % (back,))
    report.check("... and shrinks with it",
                 back is not None and abs(back[0] - first[0]) <= 2)


def check_preview_column(session, report, what):
    """The widgets under the preview (the split toggle, then the status)
    follow its picture and controls directly, the column's spare height
    below them: the last layout of the preview's column the dialog
    traced (SOBOLEV_UI_TRACE), in pixels from the preview's top."""
    found = re.findall(r"sobolev-transfer: preview controls end at (-?\d+), "
                       r"the next widget starts at (-?\d+), the column has "
                       r"(\d+)", session.log_text())
    if found:
        bottom, following, column = (int(v) for v in found[-1])
        print("# %s: the preview's controls end at %d, the split toggle "
              "starts at %d, the column is %d tall"
              % (what, bottom, following, column))
    report.check("%s: the split toggle follows the preview's controls, "
                 "no hole between" % what,
                 bool(found) and 0 <= following - bottom <= 12)


def write_invert_cube(path):
    """A saved look that inverts every color: the 2-node .cube a program
    other than this one could have written."""
    with open(path, "w") as out:
        out.write("# inverts\r\nTITLE \"invert\"\r\nLUT_3D_SIZE 2\r\n")
        for b in (0, 1):
            for g in (0, 1):
                for r in (0, 1):
                    out.write("%d %d %d\r\n" % (1 - r, 1 - g, 1 - b))


def check_saved_look(session, report, open_dialog, base, shot=None):
    """A saved look applied from the dialog opened by open_dialog (its
    window, or None): Saved look (Alt+D), Tab to its file's entry, the
    path of an inverting .cube typed in, OK.  The layer, saved as base
    before, must come out inverted (within 3 % on all but 1 % of its
    pixels: the edge guard at the default fidelity may touch a few), and
    Repeat must apply the look again.  Then a look that cannot be read,
    picked with the file chooser: OK leaves the layer as it was, with
    GIMP showing why.  shot, if given, receives a screenshot of the
    dialog showing the look."""
    cube = os.path.join(session.dir, "invert.cube")
    write_invert_cube(cube)
    expected = os.path.join(session.dir, "inverted.png")
    subprocess.run(["convert", base, "-channel", "RGB", "-negate", expected],
                   check=True)
    mark = len(session.log_text())
    dialog = open_dialog()
    report.check("the dialog opens for a saved look", dialog is not None)
    if not dialog:
        return
    press(dialog, "alt+d", "Tab", "ctrl+a")
    type_into(dialog, cube)
    report.check("the dialog reads the saved look typed in",
                 session.wait_log_after(mark, 'saved look "%s" read' % cube,
                                        30))
    report.check("... and previews it without a run",
                 session.wait_log_after(mark, "preview up to date", 30))
    if shot:
        session.wait_log_quiet()
        screenshot(dialog, shot)
    press(dialog, "alt+o")
    report.check("OK with a saved look closes the dialog",
                 wait_gone(dialog, 60))
    session.wait_plugin_done(60)
    looked = session.save_layer("look")
    base_pixels = differing_pixels(base, expected) or 1
    off = differing_pixels(looked, expected, fuzz="3%")
    print("# saved look: %d pixels of %d more than 3 %% off the inverse"
          % (off, base_pixels))
    report.check("the saved look inverted the layer",
                 differing_pixels(base, looked) > 0
                 and off < 0.01 * base_pixels)
    session.keys_to_image("ctrl+z")
    session.keys_to_image("ctrl+f")
    time.sleep(0.5)
    session.wait_plugin_done(60)
    report.check("Repeat applies the saved look again",
                 differing_pixels(looked, session.save_layer("look-repeat"))
                 == 0)
    session.keys_to_image("ctrl+z")

    # A look that cannot be read, picked with the file chooser ("…",
    # after the entry): the dialog says so, OK changes nothing.
    damaged = os.path.join(session.dir, "damaged.cube")
    with open(damaged, "w") as out:
        out.write("LUT_3D_SIZE 2\n0 0 0\n")
    mark = len(session.log_text())
    dialog = open_dialog()
    if not dialog:
        report.check("the dialog opens again for a saved look", False)
        return
    press(dialog, "alt+d", "Tab", "Tab", "space")
    chooser = find_window("^Open a Saved Look", 20, session)
    report.check("… opens a file chooser for the look", chooser is not None)
    if chooser:
        press(chooser, "ctrl+l", "ctrl+a")
        type_into(chooser, damaged)
        press(chooser, "Return")
        report.check("... which closes on Return", wait_gone(chooser, 20))
    report.check("a damaged saved look chosen there is not read",
                 session.wait_log_after(mark, 'saved look "%s" not read'
                                        % damaged, 30))
    press(dialog, "alt+o")
    wait_gone(dialog, 60)
    session.wait_plugin_done(60)
    report.check("... OK says why",
                 session.wait_log_after(mark, "cannot read", 30))
    report.check("... and leaves the layer as it was",
                 differing_pixels(base, session.save_layer("look-bad")) == 0)


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


def differing_pixels(a, b, fuzz=None):
    """The number of pixels of a and b that differ (by more than fuzz, a
    percentage, if given)."""
    out = subprocess.run(["compare", "-metric", "AE"]
                         + (["-fuzz", fuzz] if fuzz else []) + [a, b, "null:"],
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


def start_x(work):
    """A private X server on a display it picks itself (-displayfd): two
    tests starting at once cannot take the same one, nor can a test take
    a display whose lock file it cannot see (X's abstract sockets are
    shared beyond a chroot's private /tmp)."""
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0",
         "1600x1200x24", "-nolisten", "tcp"],
        stdout=open(os.path.join(work, "xvfb.log"), "wb"),
        stderr=subprocess.STDOUT, pass_fds=(write_end,))
    os.close(write_end)
    number = b""
    end = time.time() + 30
    while time.time() < end and not number.endswith(b"\n"):
        ready, _, _ = select.select([read_end], [], [], 0.5)
        if ready:
            chunk = os.read(read_end, 16)
            if not chunk:
                break
            number += chunk
        elif xvfb.poll() is not None:
            break
    os.close(read_end)
    if number.strip().isdigit():
        os.environ["DISPLAY"] = ":" + number.strip().decode()
        for _ in range(50):
            if subprocess.run(["xdotool", "getmouselocation"],
                              capture_output=True).returncode == 0:
                return xvfb
            time.sleep(0.1)
    xvfb.kill()
    xvfb.wait()
    raise Failure("could not start Xvfb")


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
