#!/usr/bin/env python3
"""The wizard section of scripts/bench: what an operator feels, measured in a pseudo-terminal.

Figures (median over runs, printed, never asserted), for `freshtrack-deploy` and, in the
same run and the same way, for `whiptail --menu`:
  first frame   time from spawn until the screen shows the first full frame (the status
                line for the wizard, the <Ok> button for whiptail)
  keystroke     time from writing a key until the screen changes, and the bytes the
                program writes for it (until 30 ms of quiet): Down/Up in a menu, and for
                the wizard also a character typed into a text field
Goals: first frame no slower than whiptail's; a keystroke redrawn in under 2 ms
median with no more bytes than whiptail spends on a menu move.

Run through scripts/bench (section `wizard`, which passes its release binary and --runs), or
standalone: scripts/bench_wizard.py [--runs N] [--binary PATH]   (default: a release build)
Needs python3 with pyte, and whiptail (apt-get install whiptail).
"""
import fcntl, os, select, shutil, signal, statistics, struct, subprocess, sys, tempfile, termios, time

try:
    import pyte
except ImportError:
    sys.exit("bench wizard: python3 pyte is needed (scripts/test installs it)")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLS, ROWS = 80, 24


class PTY:
    def __init__(self, argv, cwd):
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
        env = dict(os.environ, TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("LINES", None); env.pop("COLUMNS", None)

        def setup():
            signal.pthread_sigmask(signal.SIG_SETMASK, [])
            os.setsid()
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)

        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=slave, stdout=slave, stderr=slave,
                                     preexec_fn=setup, close_fds=True)
        os.close(slave)
        self.screen = pyte.Screen(COLS, ROWS)
        self.stream = pyte.ByteStream(self.screen)
        self.raw = bytearray()

    def read(self, limit):
        r, _, _ = select.select([self.master], [], [], limit)
        if not r:
            return 0
        try:
            data = os.read(self.master, 65536)
        except OSError:
            return 0
        self.raw.extend(data)
        self.stream.feed(data)
        return len(data)

    def text(self):
        return "\n".join(self.screen.display)

    def sig(self):
        return tuple((c.data, c.reverse, c.fg, c.bold) for row in range(ROWS)
                     for c in (self.screen.buffer[row][x] for x in range(COLS)))

    def wait_text(self, marker, timeout=10):
        while marker not in self.text():
            if time.perf_counter() - self.t0 > timeout:
                raise RuntimeError(f"marker {marker!r} never appeared:\n{self.text()}")
            self.read(0.005)
        return time.perf_counter() - self.t0

    def quiet(self, ms=30):
        n = 0
        while True:
            got = self.read(ms / 1000)
            if not got:
                return n
            n += got

    def key(self, name):
        app = self.raw.rfind(b"\x1b[?1h") > self.raw.rfind(b"\x1b[?1l")
        seq = {"Down": "B", "Up": "A"}
        data = (("\x1bO" if app else "\x1b[") + seq[name]).encode() if name in seq else name.encode()
        before = self.sig()
        t = time.perf_counter()
        nbytes = 0
        while True:
            if nbytes == 0:
                os.write(self.master, data)
            got = self.read(2)
            if not got:
                raise RuntimeError(f"no redraw after {name!r}")
            nbytes += got
            if self.sig() != before:
                dt = time.perf_counter() - t
                return dt, nbytes + self.quiet()

    def close(self):
        try:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=2)
        except Exception:
            self.proc.kill()
        os.close(self.master)


def run_program(argv, cwd, first_marker, prepare, keys, runs):
    firsts, times, sizes = [], {}, {}
    for _ in range(runs):
        p = PTY(argv, cwd)
        try:
            firsts.append(p.wait_text(first_marker))
            p.quiet()
            for k in prepare:
                p.key(k)
            for label, k in keys:
                dt, n = p.key(k)
                times.setdefault(label, []).append(dt)
                sizes.setdefault(label, []).append(n)
        finally:
            p.close()
    return statistics.median(firsts), {l: (statistics.median(times[l]), statistics.median(sizes[l])) for l in times}


def section_wizard(binary_path=None, runs=7):
    """Prints the figures; returns the goals as (goal, figure, met) rows (none without whiptail)."""
    exe = os.path.abspath(binary_path) if binary_path else None
    if exe is None:
        subprocess.run(["swift", "build", "-c", "release", "--product", "freshtrack-deploy"], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], cwd=ROOT,
                                 check=True, capture_output=True, text=True).stdout.strip()
        exe = os.path.join(bin_dir, "freshtrack-deploy")
    whiptail = shutil.which("whiptail")
    print(f"== wizard: {COLS}x{ROWS} pseudo-terminal, median of {runs} runs (10 moves per run)", flush=True)
    moves = [("menu Down", "Down"), ("menu Up", "Up")] * 5
    with tempfile.TemporaryDirectory(prefix="freshtrack-bench-wizard-") as tmp:
        # Welcome -> Enter -> environment menu: Down/Up moves; then Enter -> needs: type.
        w_first, w_keys = run_program([exe], tmp, "Step 1 of 9", ["\r"],
                                      moves + [("(to needs)", "\r")] + [("type a digit", "7")] * 5, runs)
        rows = [("freshtrack-deploy", w_first, w_keys)]
        if whiptail:
            wt_first, wt_keys = run_program(
                [whiptail, "--title", "Environment", "--menu", "Which environment?", "15", "60", "3",
                 "production", "real users", "staging", "rehearsal", "dev", "local"], tmp, "<Ok>", [], moves, runs)
            rows.append(("whiptail --menu", wt_first, wt_keys))
        else:
            print("   whiptail not installed (apt-get install whiptail): no comparison figures")
    print(f"   {'program':<20}{'first frame':>13}{'menu move':>12}{'bytes':>8}{'typed char':>13}{'bytes':>8}")
    for name, first, keys in rows:
        mv = [keys[k] for k in ("menu Down", "menu Up") if k in keys]
        mv_ms = statistics.median([m[0] for m in mv]) * 1000
        mv_b = statistics.median([m[1] for m in mv])
        ty = keys.get("type a digit")
        ty_txt = f"{ty[0] * 1000:>10.2f} ms{ty[1]:>8.0f}" if ty else f"{'-':>13}{'-':>8}"
        print(f"   {name:<20}{first * 1000:>10.1f} ms{mv_ms:>9.2f} ms{mv_b:>8.0f}{ty_txt}")
    goals = []
    if len(rows) == 2:
        (_, wf, wk), (_, tf, tk) = rows
        w_move = statistics.median([wk[k][0] for k in ("menu Down", "menu Up")])
        w_bytes = statistics.median([wk[k][1] for k in ("menu Down", "menu Up")])
        t_bytes = statistics.median([tk[k][1] for k in ("menu Down", "menu Up")])
        goals = [
            ("first frame <= whiptail's", f"{wf * 1000:.1f} vs {tf * 1000:.1f} ms ({wf / tf:.2f} x)", wf <= tf),
            ("keystroke redraw < 2 ms median", f"{w_move * 1000:.2f} ms", w_move < 0.002),
            ("bytes per menu move <= whiptail's", f"{w_bytes:.0f} vs {t_bytes:.0f}", w_bytes <= t_bytes),
        ]
        for name, figure, met in goals:
            print(f"   goal: {name}: {figure} ({'met' if met else 'NOT met'})")
    return goals


if __name__ == "__main__":
    args = sys.argv[1:]
    runs, binary_path = 7, None
    while args:
        a = args.pop(0)
        if a == "--runs":
            runs = max(5, int(args.pop(0)))
        elif a == "--binary":
            binary_path = args.pop(0)
        else:
            sys.exit(f"usage: {sys.argv[0]} [--runs N] [--binary PATH]")
    section_wizard(binary_path, runs)
