#!/usr/bin/env python3
"""Builds fr.txt, the French frequency list that `liseuse new` ranks words by.

Source: wordfreq 3.1.1 by Robyn Speer, file `wordfreq/data/large_fr.msgpack.gz`
(data under CC-BY-SA 4.0; see LICENSE.md beside this script). Get it with

    pip download --no-deps wordfreq==3.1.1
    unzip wordfreq-3.1.1-py3-none-any.whl 'wordfreq/data/large_fr.msgpack.gz'
    python3 -m pip install msgpack
    python3 build.py wordfreq/data/large_fr.msgpack.gz > fr.txt

The msgpack file is a list: a header, then one list of words per frequency
bucket, bucket N holding the words whose frequency is about 10^(-N/100)
("centibels"). We keep the first LIMIT words made only of letters (with
inner apostrophes or hyphens), in the file's order, and write one line per
bucket: the bucket number, a tab, then its words separated by spaces.
"""

import gzip
import sys

import msgpack

LIMIT = 50_000


def is_word(w: str) -> bool:
    """Letters only, with single apostrophes or hyphens between them."""
    parts = w.replace("'", "-").split("-")
    return all(p.isalpha() for p in parts)


def main(path: str) -> None:
    with gzip.open(path) as f:
        data = msgpack.unpackb(f.read(), raw=False)
    header, buckets = data[0], data[1:]
    if header.get("format") != "cB":
        sys.exit(f"unexpected format {header!r}")
    out = sys.stdout
    out.write(
        "# French word frequencies for `liseuse new`: the 50,000 most frequent word forms\n"
        "# of wordfreq 3.1.1 (large_fr), CC-BY-SA 4.0, written by build.py.\n"
        "# Each line: N<TAB>words, whose frequency is about 10^(-N/100).\n"
    )
    kept = 0
    for n, words in enumerate(buckets, start=1):
        chosen = []
        for w in words:
            if kept >= LIMIT:
                break
            if is_word(w):
                chosen.append(w)
                kept += 1
        if chosen:
            out.write(f"{n}\t{' '.join(chosen)}\n")
        if kept >= LIMIT:
            break


if __name__ == "__main__":
    main(sys.argv[1])
