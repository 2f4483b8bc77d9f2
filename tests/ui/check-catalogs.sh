#!/bin/bash
# sobolev-transfer — every translation catalog is valid and complete.
#
#   check-catalogs.sh SOURCE_ROOT
#
# For each language in po/LINGUAS: msgfmt -c (syntax, header, format
# strings agree), no fuzzy or untranslated message, and every message the
# sources mark (xgettext over po/POTFILES, as the i18n module runs it) is
# in the catalog.  Prints TAP.
set -u
root=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

files=$(grep -v '^#' "$root/po/POTFILES" | grep -v '^$')
(cd "$root" && xgettext --from-code=UTF-8 --add-comments=TRANSLATORS \
   --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
   --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 \
   --keyword=g_dpgettext2:2c,3 --flag=N_:1:pass-c-format \
   --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
   --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
   --flag=g_string_printf:2:c-format \
   --flag=g_string_append_printf:2:c-format \
   --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
   -o "$tmp/template.pot" $files) || { echo "Bail out! xgettext failed"; exit 1; }

n=0
failed=0
langs=$(grep -v '^#' "$root/po/LINGUAS")
echo "1..$(( $(echo $langs | wc -w) * 3 ))"
for lang in $langs; do
  po="$root/po/$lang.po"

  n=$((n + 1))
  if msgfmt -c -o /dev/null "$po" 2>"$tmp/err"; then
    echo "ok $n - $lang: msgfmt -c"
  else
    echo "not ok $n - $lang: msgfmt -c"; sed 's/^/# /' "$tmp/err"
    failed=$((failed + 1))
  fi

  n=$((n + 1))
  stats=$(msgfmt --statistics -o /dev/null "$po" 2>&1)
  if echo "$stats" | grep -q 'fuzzy\|untranslated'; then
    echo "not ok $n - $lang: every message translated # $stats"
    failed=$((failed + 1))
  else
    echo "ok $n - $lang: every message translated # $stats"
  fi

  n=$((n + 1))
  if msgcmp "$po" "$tmp/template.pot" 2>"$tmp/err"; then
    echo "ok $n - $lang: covers every string marked in the sources"
  else
    echo "not ok $n - $lang: covers every string marked in the sources"
    sed 's/^/# /' "$tmp/err" | head -40
    failed=$((failed + 1))
  fi
done
[ "$failed" = 0 ]
