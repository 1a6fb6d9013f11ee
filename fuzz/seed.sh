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
echo "seeded $fuzz/corpus/{pack,text}"
