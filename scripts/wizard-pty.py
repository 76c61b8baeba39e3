#!/usr/bin/env python3
"""Drive a terminal program in a real pseudo-terminal, as a person would, for the wizard's
end-to-end tests and benchmarks.

Usage: wizard-pty.py SCRIPT.json      (or '-' for stdin)

SCRIPT: {"cmd": [...], "cwd": DIR, "cols": 80, "rows": 24, "env": {...}, "timeout": 15,
         "steps": [STEP, ...]}
STEP is one of
  {"wait": TEXT}                      until TEXT is on the screen (pyte VT100 model)
  {"gone": TEXT}                      until TEXT is no longer on the screen
  {"keys": [KEY, ...]}                send keys; KEY is Enter Tab BackTab Esc Up Down Left
                                      Right Home End F1 Backspace CtrlC CtrlU, "text:..."
                                      (typed one character at a time) or "paste:..."
                                      (bracketed paste)
  {"select": TEXT, "key": "Down", "max": 8}
                                      press KEY until the line holding TEXT starts with the
                                      selection marker
  {"resize": [COLS, ROWS]}            resize the pty (the program gets SIGWINCH)
  {"signal": "INT" | "TERM"}          signal the program
  {"settle": SECONDS}                 read output for that long
  {"remove": PATH}                    delete PATH (a directory tree) while the program runs
Prints one JSON object: ok, failed_step, status (exit code, or -N for signal N), screen,
left_alt_screen (output's last alternate-screen switch is the leave, ESC[?1049l),
tty_restored (ICANON, ECHO, ISIG, ICRNL as before the program started), bytes,
color_sequences (SGR foreground colour escapes written), non_ascii_bytes.
"""
import fcntl, json, os, shutil, re, select, signal, struct, subprocess, sys, termios, time
import pyte

def main():
    src = sys.stdin if sys.argv[1] == "-" else open(sys.argv[1])
    spec = json.load(src)
    cols, rows = spec.get("cols", 80), spec.get("rows", 24)
    timeout = spec.get("timeout", 15)
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    before = termios.tcgetattr(slave)
    env = dict(os.environ)
    env.update({"TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"})
    for inherited in ("LINES", "COLUMNS", "NO_COLOR"):
        env.pop(inherited, None)
    env.update(spec.get("env", {}))

    def child_setup():
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    proc = subprocess.Popen(spec["cmd"], cwd=spec.get("cwd"), env=env, stdin=slave, stdout=slave,
                            stderr=slave, preexec_fn=child_setup, close_fds=True)
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    raw = bytearray()

    def pump(limit):
        r, _, _ = select.select([master], [], [], limit)
        if r:
            try:
                data = os.read(master, 65536)
            except OSError:
                return False
            raw.extend(data)
            stream.feed(data)
            return True
        return False

    def text():
        return "\n".join(screen.display)

    def wait_for(pred, limit):
        t0 = time.time()
        while time.time() - t0 < limit:
            if pred():
                return True
            pump(0.02)
            if proc.poll() is not None:
                while pump(0.01):
                    pass
                return pred()
        return pred()

    def app_cursor():
        return raw.rfind(b"\x1b[?1h") > raw.rfind(b"\x1b[?1l")

    def keybytes(k):
        arrows = {"Up": "A", "Down": "B", "Right": "C", "Left": "D", "Home": "H", "End": "F"}
        if k in arrows:
            return (("\x1bO" if app_cursor() else "\x1b[") + arrows[k]).encode()
        named = {"Enter": b"\r", "Tab": b"\t", "BackTab": b"\x1b[Z", "Esc": b"\x1b", "F1": b"\x1bOP",
                 "Backspace": b"\x7f", "CtrlC": b"\x03", "CtrlU": b"\x15", "Space": b" "}
        if k in named:
            return named[k]
        if k.startswith("paste:"):
            return b"\x1b[200~" + k[6:].encode() + b"\x1b[201~"
        raise SystemExit("unknown key %r" % k)

    def send(k):
        if k.startswith("text:"):
            for ch in k[5:]:
                os.write(master, ch.encode())
                pump(0.002)
            return
        os.write(master, keybytes(k))
        # Esc is only Esc after the escape delay (25 ms); give the program time to see it alone.
        pump(0.1 if k == "Esc" else 0.01)

    result = {"ok": True, "failed_step": None}
    for i, step in enumerate(spec.get("steps", [])):
        ok = True
        if "wait" in step:
            ok = wait_for(lambda: step["wait"] in text(), step.get("timeout", timeout))
        elif "gone" in step:
            ok = wait_for(lambda: step["gone"] not in text(), step.get("timeout", timeout))
        elif "keys" in step:
            for k in step["keys"]:
                send(k)
        elif "select" in step:
            def selected():
                return any(step["select"] in l and l.lstrip().startswith("▸") for l in screen.display)
            ok = False
            for _ in range(step.get("max", 8) + 1):
                if wait_for(selected, 0.3):
                    ok = True
                    break
                send(step.get("key", "Down"))
        elif "resize" in step:
            c, r = step["resize"]
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", r, c, 0, 0))
            screen.resize(r, c)
            proc.send_signal(signal.SIGWINCH)
            pump(0.05)
        elif "signal" in step:
            proc.send_signal(getattr(signal, "SIG" + step["signal"]))
        elif "remove" in step:
            shutil.rmtree(step["remove"])
        elif "settle" in step:
            t0 = time.time()
            while time.time() - t0 < step["settle"]:
                pump(0.02)
        if not ok:
            result.update(ok=False, failed_step=i)
            break
    try:
        status = proc.wait(timeout=timeout if result["ok"] else 1)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = proc.wait()
        result["ok"] = False
        result.setdefault("failed_step", "exit")
        if result["failed_step"] is None:
            result["failed_step"] = "exit"
    while pump(0.02):
        pass
    after = termios.tcgetattr(slave)
    def flags(a):
        return (a[3] & (termios.ICANON | termios.ECHO | termios.ISIG), a[0] & termios.ICRNL)
    result.update(status=status, screen=text(), bytes=len(raw),
                  left_alt_screen=raw.rfind(b"\x1b[?1049l") > raw.rfind(b"\x1b[?1049h") >= 0,
                  tty_restored=flags(before) == flags(after),
                  color_sequences=len(re.findall(rb"\x1b\[(?:[0-9]+;)*3[0-7](?:;[0-9]+)*m", bytes(raw))),
                  non_ascii_bytes=sum(1 for b in raw if b >= 0x80))
    print(json.dumps(result))

if __name__ == "__main__":
    main()
