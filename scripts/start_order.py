#!/usr/bin/env python3
"""Writes link/start-order.txt: the functions a start runs, for the linker.

The kernel maps 64 KB of the binary around every page of code a process
touches, and a start touches functions spread all over the binary: without
an order, nearly all of its code is resident by the first frame. LLD places
the functions listed first, together (build.rs passes the list on release
builds linked by LLD), so that a start maps little more than what it runs.

The list comes from the release binary run under callgrind in a 100×30 tmux
pane: the built-in statement, then a cached 1 MB pack (opened once first to
compile it), each quit after its first screen; for each, the functions run
before the first frame come first, then those run just after (the worker,
reading keys). Last come those the first lookups run (the statement again,
`j j w l w` pressed): together, they map a few windows of code after the
start, not pieces of many. Names carry hashes that change with the toolchain, the dependencies
or the release profile: then they match nothing and the layout is as if
there were no list. Run this again after such a change (it needs valgrind
and tmux, and a release build):

    cargo build --release && scripts/start_order.py && cargo build --release
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "scripts"))


def functions(path, binary):
    """Names of the binary's functions in a callgrind file, in the order
    they are first listed (recursion marks dropped)."""
    objects, names, current, out = {}, {}, None, []
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        m = re.match(r"(c?ob)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3) is not None:
                objects[m.group(2)] = m.group(3)
            if m.group(1) == "ob":
                current = objects.get(m.group(2))
            continue
        m = re.match(r"(c?fn)=\((\d+)\)(?: (.*))?$", line)
        if m:
            if m.group(3) is not None:
                names[m.group(2)] = re.sub(r"'\d+$", "", m.group(3))
            if m.group(1) == "fn" and current == binary:
                out.append(names.get(m.group(2)))
    return [n for n in out if n]


def profile(binary, args, env, work, tag, keys=""):
    """Callgrind files of one start: before the first thread (the first
    frame is out by then), then the rest; `keys` are pressed once the
    first frame is out, and their lookups given time to finish."""
    out = os.path.join(work, tag)
    command = " ".join(
        ["valgrind", "--tool=callgrind", "--demangle=no", "--separate-threads=yes",
         "--dump-before='pthread_create*'", "--callgrind-out-file=" + out, binary] + args
        + ["2>/dev/null"])
    session = "start-order-%d" % os.getpid()
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "100", "-y", "30",
                    "env " + " ".join("%s=%s" % kv for kv in env.items()) + " " + command],
                   check=True)
    time.sleep(8)
    if keys:
        subprocess.run(["tmux", "send-keys", "-t", session] + list(keys), check=False)
        time.sleep(8)
    subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=False)
    for _ in range(100):
        if subprocess.run(["tmux", "has-session", "-t", session],
                          capture_output=True).returncode != 0:
            break
        time.sleep(0.1)
    else:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    files = sorted(f for f in os.listdir(work) if f.startswith(tag + "."))
    first = [os.path.join(work, f) for f in files if f.startswith(tag + ".1-")]
    rest = [os.path.join(work, f) for f in sorted(os.listdir(work))
            if f.startswith(tag) and os.path.join(work, f) not in first]
    return first, rest


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "release", "liseuse"))
    ap.add_argument("--out", default=os.path.join(ROOT, "link", "start-order.txt"))
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    if not os.path.exists(binary):
        sys.exit("no %s: run cargo build --release first" % binary)
    import bench

    work = tempfile.mkdtemp(prefix="liseuse-order-")
    try:
        env = {"TERM": "xterm-256color", "LISEUSE_DATA_DIR": os.path.join(work, "data"),
               "LISEUSE_CACHE_DIR": os.path.join(work, "cache"),
               "LISEUSE_CONFIG": os.path.join(work, "none.toml")}
        os.makedirs(env["LISEUSE_DATA_DIR"])
        pack = os.path.join(work, "1mb.toml")
        bench.make_pack(pack, 1_000_000, 5000, False)
        time.sleep(2.1)
        # Compiled into the cache first, as a pack opened before.
        subprocess.run(["tmux", "new-session", "-d", "-s", "start-order-warm", "-x", "100",
                        "-y", "30", "env " + " ".join("%s=%s" % kv for kv in env.items())
                        + " %s --pack %s" % (binary, pack)], check=True)
        time.sleep(5)
        subprocess.run(["tmux", "send-keys", "-t", "start-order-warm", "q"], check=False)
        time.sleep(1)
        subprocess.run(["tmux", "kill-session", "-t", "start-order-warm"],
                       capture_output=True)
        files = []
        # Then what the first lookups run (the lexicon, dictionaries, the
        # speech program): placed together after the start, so that they
        # map a few windows of code, not pieces of many.
        for tag, extra, keys in [("statement", [], ""), ("cached", ["--pack", pack], ""),
                                 ("lookups", [], "jjwlw")]:
            first, rest = profile(binary, extra, env, work, tag, keys)
            files += first + rest
        known = set(subprocess.run(["nm", binary], capture_output=True, text=True,
                                   check=True).stdout.split())
        order = []
        for path in files:
            for name in functions(path, binary):
                if name in known and name not in order:
                    order.append(name)
        if not order:
            sys.exit("no functions found: is valgrind installed?")
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
        with open(args.out, "w", encoding="utf-8") as f:
            f.write("\n".join(order) + "\n")
        print("%d functions written to %s" % (len(order), args.out))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
