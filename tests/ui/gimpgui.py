"""sobolev-transfer: driving the real GIMP 2.10 GUI under Xvfb as a user
does (keystrokes through xdotool), and looking at it through GIMP's own
Script-Fu server on a loopback port.  Used by tests/ui/gui-test.py and
tests/bench/bench-dialog.py."""

import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import time

class Failure(Exception):
    """A step the rest of the session cannot go on without."""


class Session:
    """One gimp-2.10 on a private profile, its X server shared."""

    def __init__(self, work, name, plugin, locale_build, images, lang,
                 extra_env=None):
        """images: the reference's file, then the source's (its window is
        the one keystrokes go to)."""
        self.dir = os.path.join(work, name)
        self.profile = os.path.join(self.dir, "profile")
        self.log_path = os.path.join(self.dir, "gimp.log")
        os.makedirs(self.dir)
        install_profile(self.profile, plugin, locale_build)
        self.port = free_port()
        env = dict(os.environ, GIMP2_DIRECTORY=self.profile, LANG=lang,
                   LANGUAGE="", LC_ALL="")
        env.update(extra_env or {})
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

    def save_layer(self, tag, layer=None):
        """A layer's pixels now (the source image's active one unless
        layer, a Script-Fu expression, says which), as <dir>/<tag>.png."""
        path = os.path.join(self.dir, tag + ".png")
        layer = layer or "(car (gimp-image-get-active-layer %s))" % self.source
        self.eval("(let ((layer %s)) "
                  "(file-png-save2 RUN-NONINTERACTIVE %s layer \"%s\" \"%s\" "
                  "0 9 0 0 0 0 0 0 0))" % (layer, self.source, path, path))
        return path

    def source_layers(self):
        """The source image's layer IDs, top first."""
        text = self.eval("(vector->list (cadr (gimp-image-get-layers %s)))"
                         % self.source)
        return [int(v) for v in text.split()]

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

    def wait_log_after(self, mark, text, limit):
        """Like wait_log, for text written after position mark."""
        end = time.time() + limit
        while time.time() < end:
            if text in self.log_text()[mark:]:
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
