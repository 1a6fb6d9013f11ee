#!/usr/bin/env python3
"""Start-up and response times of liseuse as a user sees them, beside `less`.

Each program runs in a pseudo-terminal of a real size (100×30 by default),
as the session leader with the pty as its controlling terminal, exactly as
in a terminal window. Every chunk the program writes is timestamped; after
the run the chunks are replayed through a terminal emulator (pyte) to find
the end of the first burst of output after which the screen (bottom row
aside) shows the text's first words: counted from just before the program
is spawned (posix_spawn: no copy of this Python process is made and timed),
that is the first-frame time. A run that never shows them counts as a
failure (a program given a 0×0 terminal, for one, draws nothing).

Runs of liseuse and of `less` on the same text alternate, so both see the
same machine load; the script prints medians and the ratio, and each
program's processor time (user + system, from exec to exit: steadier than
clock times when the machine is busy). Peak resident
memory is the kernel's high-water mark (VmHWM) just before quitting, in the
runs that only show the first screen; the runs that also press keys report
theirs apart (dictionaries and the lexicon are open by then).

For liseuse it also times keystrokes, `t` and resizes, from the write (or
the window-size change) to two moments: the end of the first burst of
output (the frame the key itself causes) and the last byte before the
program falls quiet (for a cursor move, that includes the word's
dictionary meaning and IPA, looked up after the frame by a worker and
drawn when they come).

Needs Python 3.11+ and pyte (`pip install pyte`), and a release build
(`cargo build --release`). Big packs are generated into a temporary
directory from the built-in statement (nothing is committed):

    scripts/bench.py                       # statement, 1 MB and 10 MB packs
    scripts/bench.py --cases statement --runs 40
"""

import argparse
import fcntl
import os
import random
import select
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time
import tomllib

try:
    import pyte
except ImportError:
    sys.exit("scripts/bench.py needs pyte: pip install pyte")

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILTIN = os.path.join(ROOT, "data", "durov-2024-09.toml")


# ── Generated packs ─────────────────────────────────────────────

def toml_string(s):
    out = ['"']
    for c in s:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append("\\u%04X" % ord(c))
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def toml_value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(type(v))


def toml_table(header, table):
    lines = [header]
    for k, v in table.items():
        lines.append("%s = %s" % (k, toml_value(v)))
    return "\n".join(lines) + "\n\n"


def make_pack(path, size, entries, common):
    """A pack of about `size` bytes of text: the statement, then paragraphs
    of its sentences shuffled, with `entries` extra glossary entries whose
    forms occur in the text; with `common`, entries for the commonest French
    words too (each matching tens of thousands of times)."""
    with open(BUILTIN, "rb") as f:
        pack = tomllib.load(f)
    body = pack["text"]["body"]
    rng = random.Random(12)
    sentences = []
    for para in body.split("\n\n"):
        for s in para.replace(". ", ".\x00").split("\x00"):
            s = s.strip()
            if len(s) > 20:
                sentences.append(s)
    parts = [body]
    total = len(body.encode())
    n = 0
    while total < size:
        para = []
        for _ in range(rng.randint(3, 7)):
            para.append(rng.choice(sentences))
            para.append("Ici revient le motif%d du texte." % (n % entries))
            n += 1
        p = " ".join(para)
        parts.append(p)
        total += len(p.encode()) + 2
    pack["text"]["body"] = "\n\n".join(parts)
    pack["pack"]["id"] = "generated-%d" % size
    pack["pack"]["title"] = "Generated (%d bytes)" % size
    glossary = list(pack.get("glossary", []))
    for j in range(min(entries, n)):
        glossary.append({
            "id": "motif%d" % j,
            "term": "motif%d" % j,
            "pos": "noun",
            "gender": "m",
            "en": "pattern %d" % j,
            "forms": ["motif%d" % j],
            "sentence": "Ici revient le motif%d du texte." % j,
        })
    if common:
        for w in ["le", "la", "les", "de", "des", "du", "et", "à", "un", "une",
                  "est", "que", "pour", "dans", "nous", "pas", "ne", "il"]:
            glossary.append({
                "id": "common-%s" % ("a" if w == "à" else w),
                "term": w,
                "pos": "determiner",
                "en": "(common word)",
                "forms": [w],
                "sentence": "Ici revient le motif0 du texte.",
            })
    pack["glossary"] = glossary
    with open(path, "w", encoding="utf-8") as f:
        f.write(toml_table("[pack]", pack["pack"]))
        f.write(toml_table("[text]", pack["text"]))
        for key in ["glossary", "questions", "translation", "notes"]:
            for t in pack.get(key, []):
                f.write(toml_table("[[%s]]" % key, t))
    return pack["text"]["body"]


# ── One program in a pseudo-terminal ────────────────────────────

def set_size(fd, cols, rows):
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))


class Pty:
    """A program started in a new pty; `chunks` holds (seconds since it
    was spawned, bytes) for everything it wrote."""

    def __init__(self, argv, env, cols, rows):
        master, slave = os.openpty()
        set_size(master, cols, rows)
        slave_name = os.ttyname(slave)
        # posix_spawn (vfork and exec, no copy of this Python process):
        # the clock starts right before, so what is timed is the program's
        # own start. In a new session, the pty opened as fd 0 becomes the
        # controlling terminal; the other descriptors close on exec.
        self.t0 = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, env, setsid=True, file_actions=[
            (os.POSIX_SPAWN_OPEN, 0, slave_name, os.O_RDWR, 0),
            (os.POSIX_SPAWN_DUP2, 0, 1),
            (os.POSIX_SPAWN_DUP2, 0, 2),
        ])
        os.close(slave)
        self.pid, self.master = pid, master
        self.chunks = []
        self.rusage = None

    def read_until_quiet(self, quiet, limit):
        """Reads until nothing came for `quiet` seconds (or `limit` passed);
        returns the time of the last chunk read, or None."""
        last = None
        end = time.perf_counter() + limit
        while True:
            left = end - time.perf_counter()
            if left <= 0:
                return last
            ready, _, _ = select.select([self.master], [], [], min(quiet, left))
            if not ready:
                if last is not None or time.perf_counter() >= end:
                    return last
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return last
            if not data:
                return last
            now = time.perf_counter() - self.t0
            self.chunks.append((now, data))
            last = now

    def send(self, data):
        t = time.perf_counter() - self.t0
        os.write(self.master, data)
        return t

    def resize(self, cols, rows):
        t = time.perf_counter() - self.t0
        set_size(self.master, cols, rows)  # the kernel sends SIGWINCH
        return t

    def peak_rss_kib(self):
        """VmHWM of the running program, read while it runs."""
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1])
        except OSError:
            pass
        return None

    def finish(self, quit_keys=b"q"):
        """Quits the program; returns its peak resident memory in KiB."""
        peak = self.peak_rss_kib()
        try:
            os.write(self.master, quit_keys)
        except OSError:
            pass
        deadline = time.perf_counter() + 3
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    if not os.read(self.master, 65536):
                        break
                except OSError:
                    break
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid:
                self.rusage = rusage
                break
        else:
            os.kill(self.pid, signal.SIGKILL)
            _, _, self.rusage = os.wait4(self.pid, 0)
        if self.rusage is None:
            _, _, self.rusage = os.wait4(self.pid, 0)
        os.close(self.master)
        return peak


def screens(chunks, cols, rows, upto=None):
    """Replays the chunks; yields (time, text rows without the last)."""
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    for t, data in chunks:
        if upto is not None and t > upto:
            break
        stream.feed(data)
        yield t, tuple(screen.display[:-1])


def first_frame(chunks, cols, rows, expect, gap=0.010):
    """When the screen first held a whole frame showing `expect` (the
    text's first words): the end of the first burst of output (chunks less
    than `gap` apart) after which the screen, bottom row aside, shows them.
    A program that shows a long text's beginning while it indexes the rest
    counts from that first screen, not from the end of indexing."""
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    for i, (t, data) in enumerate(chunks):
        stream.feed(data)
        if i + 1 < len(chunks) and chunks[i + 1][0] - t < gap:
            continue
        shown = " ".join(" ".join(r.split()) for r in screen.display[:-1])
        if expect in shown:
            return t, True
    return None, False


def settled(chunks, cols, rows, busy):
    """Whether the last screen's bottom row no longer says `busy`."""
    screen = pyte.Screen(cols, rows)
    stream = pyte.ByteStream(screen)
    for _, data in chunks:
        stream.feed(data)
    return busy not in screen.display[-1]


def key_response(chunks, sent, gap=0.001):
    """After a key written at `sent`: when the first burst of output ended
    (chunks less than `gap` apart) and when the last byte came; None if
    nothing came."""
    after = [t for t, _ in chunks if t >= sent]
    if not after:
        return None, None
    end = after[0]
    for t in after[1:]:
        if t - end >= gap:
            break
        end = t
    return end - sent, after[-1] - sent


def first_words(text, n=4):
    for line in text.splitlines():
        words = line.split()
        if words:
            return " ".join(words[:n])
    return ""


# ── Cases ───────────────────────────────────────────────────────

class Case:
    def __init__(self, name, pack, text_file, expect, cached, settle):
        self.name, self.pack, self.text_file = name, pack, text_file
        self.expect, self.cached, self.settle = expect, cached, settle


def liseuse_run(args, case, env, interact):
    argv = [args.binary] + (["--pack", case.pack] if case.pack else [])
    p = Pty(argv, env, args.cols, args.rows)
    # A first open says what it is doing, then is quiet until its first
    # screen: reading goes on until the text is there.
    deadline = time.perf_counter() + case.settle
    p.read_until_quiet(args.quiet, case.settle)
    t_ff, ok = first_frame(p.chunks, args.cols, args.rows, case.expect)
    while not ok and time.perf_counter() < deadline:
        p.read_until_quiet(args.quiet, max(0.0, deadline - time.perf_counter()))
        t_ff, ok = first_frame(p.chunks, args.cols, args.rows, case.expect)
    responses = {}
    if interact:
        # Responses are timed once the whole text is indexed.
        deadline = time.perf_counter() + case.settle
        while (not settled(p.chunks, args.cols, args.rows, "indexing")
               and time.perf_counter() < deadline):
            p.read_until_quiet(args.quiet, 1.0)
        for label, act in [
            ("j (cursor down a line)", lambda: p.send(b"j")),
            ("w (next word)", lambda: p.send(b"w")),
            ("t (translation on)", lambda: p.send(b"t")),
            ("t (translation off)", lambda: p.send(b"t")),
            ("resize to 120x40", lambda: p.resize(120, 40)),
            ("resize to 100x30", lambda: p.resize(args.cols, args.rows)),
            ("PgDn", lambda: p.send(b"\x1b[6~")),
        ]:
            n = len(p.chunks)
            sent = act()
            p.read_until_quiet(args.quiet, 2.0)
            responses[label] = key_response(p.chunks[n:], sent)
    rss = p.finish()
    return t_ff, ok, (rss, cpu_seconds(p)), responses


def less_run(args, case):
    env = dict(os.environ, TERM="xterm-256color", LESS="", LESSOPEN="", LESSHISTFILE="-")
    p = Pty(["less", case.text_file], env, args.cols, args.rows)
    p.read_until_quiet(args.quiet, case.settle)
    t_ff, ok = first_frame(p.chunks, args.cols, args.rows, case.expect)
    rss = p.finish()
    return t_ff, ok, (rss, cpu_seconds(p))


def cpu_seconds(p):
    """User and system time of the whole run from exec (start, first
    screen, quit), as the kernel counted it: less sensitive to other load
    than times on the clock."""
    r = p.rusage
    return None if r is None else r.ru_utime + r.ru_stime


def ms(x):
    return "—" if x is None else "%.1f ms" % (x * 1000)


def median(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def run_case(args, case, work):
    data = os.path.join(work, "data-" + case.name)
    cache = os.path.join(work, "cache-" + case.name)
    os.makedirs(data, exist_ok=True)
    env = dict(os.environ, TERM="xterm-256color", LISEUSE_DATA_DIR=data,
               LISEUSE_CACHE_DIR=cache, LISEUSE_CONFIG=os.path.join(work, "none.toml"))
    ours, theirs, rss_ours, rss_theirs, fails = [], [], [], [], 0
    firsts = []
    responses = {}
    if case.pack:
        # The first open compiles the pack into the cache.
        shutil.rmtree(cache, ignore_errors=True)
        for _ in range(max(1, args.runs // 4)):
            shutil.rmtree(cache, ignore_errors=True)
            t, ok, _, _ = liseuse_run(args, case, env, False)
            firsts.append(t)
            fails += not ok
    rss_keys, cpu_ours, cpu_theirs = [], [], []
    for i in range(args.runs):
        interact = i % 2 == 1
        if i % 2 == 0:
            t, ok, (rss, cpu), resp = liseuse_run(args, case, env, interact)
            ours.append(t); fails += not ok
            tl, okl, (rssl, cpul) = less_run(args, case)
            theirs.append(tl); rss_theirs.append(rssl); fails += not okl
        else:
            tl, okl, (rssl, cpul) = less_run(args, case)
            theirs.append(tl); rss_theirs.append(rssl); fails += not okl
            t, ok, (rss, cpu), resp = liseuse_run(args, case, env, interact)
            ours.append(t); fails += not ok
        (rss_keys if interact else rss_ours).append(rss)
        cpu_theirs.append(cpul)
        if not interact:
            cpu_ours.append(cpu)
        for k, v in resp.items():
            responses.setdefault(k, []).append(v)
    m_ours, m_theirs = median(ours), median(theirs)
    ratio = m_ours / m_theirs if m_ours and m_theirs else None
    size = os.path.getsize(case.text_file)
    print("\n%s (text %s bytes, %d runs each, alternated)" % (case.name, f"{size:,}", args.runs))
    print("  first frame   liseuse %s   less %s   ratio %s" % (
        ms(m_ours), ms(m_theirs), "—" if ratio is None else "%.2f×" % ratio))
    c_ours, c_theirs = median(cpu_ours), median(cpu_theirs)
    print("  CPU time      liseuse %s   less %s   ratio %s   (user+system from exec: start, first screen, quit)" % (
        ms(c_ours), ms(c_theirs), "—" if not (c_ours and c_theirs) else "%.2f×" % (c_ours / c_theirs)))
    if firsts:
        print("  first open (pack compiled, cache empty): %s" % ms(median(firsts)))
    # MiB, to two places: the statement's target (3 MB) is within a tenth.
    print("  peak RSS      liseuse %.2f MB   less %.2f MB   (liseuse after the keys below: %s)" % (
        median(rss_ours) / 1024, median(rss_theirs) / 1024,
        "—" if median(rss_keys) is None else "%.2f MB" % (median(rss_keys) / 1024)))
    if responses:
        print("  key or resize → its own frame; → last byte (later lookups included)  [medians of %d, worst]"
              % len(next(iter(responses.values()))))
    for k, v in responses.items():
        frames = [f for f, _ in v]
        lasts = [l for _, l in v]
        print("  %-24s %8s (worst %8s)   %8s (worst %8s)" % (
            k, ms(median(frames)), ms(max((x for x in frames if x is not None), default=None)),
            ms(median(lasts)), ms(max((x for x in lasts if x is not None), default=None))))
    if fails:
        print("  FAILED: %d runs did not show the text" % fails)
    return fails


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "liseuse"))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--cols", type=int, default=100)
    ap.add_argument("--rows", type=int, default=30)
    ap.add_argument("--quiet", type=float, default=0.15,
                    help="seconds without output that end a frame")
    ap.add_argument("--cases", default="statement,1mb,10mb")
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit("no %s: run cargo build --release first" % args.binary)
    work = tempfile.mkdtemp(prefix="liseuse-bench-")
    try:
        with open(BUILTIN, "rb") as f:
            statement = tomllib.load(f)["text"]["body"]
        text = os.path.join(work, "statement.txt")
        with open(text, "w", encoding="utf-8") as f:
            f.write(statement)
        cases = []
        wanted = args.cases.split(",")
        if "statement" in wanted:
            cases.append(Case("statement", None, text, first_words(statement), False, 3.0))
        for name, size, entries, common in [("1mb", 1_000_000, 5000, False),
                                            ("10mb", 10_000_000, 5000, True)]:
            if name in wanted:
                pack = os.path.join(work, name + ".toml")
                body = make_pack(pack, size, entries, common)
                t = os.path.join(work, name + ".txt")
                with open(t, "w", encoding="utf-8") as f:
                    f.write(body)
                cases.append(Case(name, pack, t, first_words(body), True, 20.0))
        if len(cases) > ("statement" in wanted):
            # As a pack written earlier is: the cache knows an unchanged
            # file by its stat and does not read it, but a file changed in
            # the two seconds before it is read is always read and hashed.
            time.sleep(2.1)
        print("liseuse %s, %d×%d pty, TERM=xterm-256color; %s; %d CPUs, load %s" % (
            args.binary, args.cols, args.rows, os.uname().release, os.cpu_count(),
            " ".join("%.2f" % x for x in os.getloadavg())))
        fails = sum(run_case(args, c, work) for c in cases)
        print("\nload average at the end: %s" % " ".join("%.2f" % x for x in os.getloadavg()))
        sys.exit(1 if fails else 0)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
