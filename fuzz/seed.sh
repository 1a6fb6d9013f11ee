#!/usr/bin/env bash
# Lays out the seed corpora for the fuzz targets from the repository's own
# packs; the corpora themselves are not committed (see .gitignore).
# Run from anywhere; existing corpus files are kept.
set -euo pipefail
fuzz="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$fuzz")"

# pack: whole pack files, valid and invalid.
mkdir -p "$fuzz/corpus/pack"
cp "$root/data/durov-2024-09.toml" "$fuzz/corpus/pack/durov-2024-09.toml"
cp "$root/docs/example-pack.toml" "$fuzz/corpus/pack/example-pack.toml"
for f in "$root"/tests/fixtures/*.toml; do
    cp "$f" "$fuzz/corpus/pack/fixture-$(basename "$f")"
done

# text: one width byte, a text, then forms and quotations after NUL bytes.
mkdir -p "$fuzz/corpus/text"
body="$(sed -n "/^body = '''/,/'''$/p" "$root/data/durov-2024-09.toml" | sed "1d;s/'''$//")"
{
    printf 'P'
    printf '%s' "$body"
    printf '\0%s' "forces de l’ordre" "l'ordre" "L’État" '$TON' "sécurité" \
        "Il arrive que nous ne parvenions pas à nous mettre d'accord" "votre amour !"
} > "$fuzz/corpus/text/durov"
{
    printf '\x14'
    printf 'La police a interrogé le témoin.\n\nIl n’est pas facile de dire non.'
    printf '\0%s' "témoin" "a interrogé" "La police a interrogé le témoin." "n’est"
} > "$fuzz/corpus/text/example"
printf '\x03東京 ❤️ Merci\u00a0!\r\n\te\u0301\u200b «\u202foui\u202f»\0東京\0Merci !' \
    > "$fuzz/corpus/text/mixed"

# progress: progress files as this version writes them and as a newer one
# might (unknown values, wrong types, extreme numbers).
mkdir -p "$fuzz/corpus/progress"
cat > "$fuzz/corpus/progress/written" <<'TOML'
version = 1
pack_id = "durov-2024-09"

[settings]
new_per_day = 20
retention = 0.9

[questions]
best = { correct = 3, total = 4, time = 1767225800 }
last = { correct = 3, total = 4, time = 1767225800 }

[questions.answered.q1]
time = 1767225700
correct = true
answer = "en 1905"

[cards.ordre]
phase = "learning-1"
stability = 2.3065
difficulty = 2.1181
due = 1767226200
last_review = 1767225600
reps = 1
lapses = 0

[cards.vite]
phase = "new"
deck = "known"
deck_changed = 1767225000

[[log]]
id = "9f3a0c11d2e4b5a6"
time = 1767225600
card = "ordre"
kind = "choice"
rating = "good"
elapsed_days = 0
phase = "new"
TOML
cat > "$fuzz/corpus/progress/newer" <<'TOML'
version = 3
pack_id = "durov-2024-09"
sync = { token = "b7f3", devices = ["laptop"] }

[settings]
new_per_day = "adaptive"
voice = "amelie"

[cards.rue]
phase = "consolidating-2"
due = 9223372036854775807
last_review = -9223372036854775808
stability = nan
difficulty = inf

[cards.porte]
phase = "relearning-4294967295"
deck = "archived"

[[log]]
id = 17
time = 1767225000
card = "rue"
kind = "listening"
rating = "perfect"

[[log]]
time = 1767225001
card = "porte"
kind = "cloze"
rating = "again"
practice = true
phase = "relearning-3"
TOML

# compiled: the built-in pack intact (mode 1, no edits), and with a few
# edits spread through it.
mkdir -p "$fuzz/corpus/compiled"
printf '\001' > "$fuzz/corpus/compiled/intact"
printf '\001\100\000\001\000\002\200\000\020\377' > "$fuzz/corpus/compiled/edited"

echo "seeded $fuzz/corpus/{pack,text,progress,compiled}"
