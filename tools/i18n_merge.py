# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Merge the translation template into a language file, like gettext's msgmerge (pure Python: polib).

    i18n_merge.py sales_ecosystem/i18n/sales_ecosystem.pot sales_ecosystem/i18n/fr.po [--lang fr]

The result is sorted and wrapped as OCA's po-pretty-format wants (Odoo's order: by msgid; 78 columns).
The language file gets exactly the template's entries, in the template's order, with the template's references
and comments; a msgid already translated keeps its translation (and its fuzzy flag); a new msgid arrives
untranslated, or fuzzy with the translation of the closest former msgid when one is close enough (as msgmerge
does), so that `tools/i18n_check.py` reports it until a translator reviews it. Msgids gone from the template are
kept at the end as obsolete entries (#~), a memory for the translator, ignored by Odoo.
"""

import argparse
import difflib
import os
import sys

import polib

SAME_AS_SOURCE = (
    "same as source"  # translator comment of a term deliberately identical to the source (see i18n_check)
)
FUZZY_RATIO = 0.8  # msgmerge-like similarity above which a former translation is proposed (fuzzy)


def merge(pot, old, lang):
    new = polib.POFile(wrapwidth=old.wrapwidth if old is not None else 78)
    new.header = pot.header
    new.metadata = dict(pot.metadata)
    new.metadata.update({"Language": lang, "Plural-Forms": "nplurals=2; plural=(n > 1);"})
    previous = {}
    if old is not None:
        previous = {
            e.msgid_with_context: e
            for e in old
            if not e.obsolete and (e.msgstr or SAME_AS_SOURCE in (e.tcomment or ""))
        }
        for key in ("Language", "Plural-Forms", "Language-Team"):
            if old.metadata.get(key):
                new.metadata[key] = old.metadata[key]
    candidates = list(previous)
    wanted = set()
    counts = {"kept": 0, "fuzzy": 0, "new": 0}
    for tmpl in pot:
        entry = polib.POEntry(
            msgid=tmpl.msgid,
            msgctxt=tmpl.msgctxt,
            msgstr="",
            occurrences=tmpl.occurrences,
            comment=tmpl.comment,
            flags=[f for f in tmpl.flags if f != "fuzzy"],
        )
        wanted.add(tmpl.msgid_with_context)
        known = previous.get(tmpl.msgid_with_context)
        if known is not None:
            entry.msgstr = known.msgstr
            entry.tcomment = known.tcomment
            if "fuzzy" in known.flags:
                entry.flags.append("fuzzy")
            counts["kept"] += 1
        else:
            close = (
                difflib.get_close_matches(tmpl.msgid, candidates, n=1, cutoff=FUZZY_RATIO)
                if candidates
                else []
            )
            if close and previous[close[0]].msgstr:
                entry.msgstr = previous[close[0]].msgstr
                entry.previous_msgid = close[0]
                entry.flags.append("fuzzy")
                counts["fuzzy"] += 1
            else:
                counts["new"] += 1
        new.append(entry)
    new.sort(key=lambda e: e.msgid)  # the template's order already; OCA's po-pretty-format sorts by msgid
    obsolete = 0
    if old is not None:
        for e in old:
            if e.msgid_with_context not in wanted and e.msgstr:
                e.obsolete = True
                e.occurrences = []
                new.append(e)
                obsolete += 1
    counts["obsolete"] = obsolete
    return new, counts


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("pot")
    parser.add_argument("po")
    parser.add_argument(
        "--lang", default=None, help="language code for a new file (default: the file's name)"
    )
    args = parser.parse_args()
    pot = polib.pofile(args.pot)
    old = polib.pofile(args.po) if os.path.exists(args.po) else None
    lang = args.lang or os.path.splitext(os.path.basename(args.po))[0]
    new, counts = merge(pot, old, lang)
    new.save(args.po)
    print(
        f"i18n: merged {args.pot} into {args.po}: {counts['kept']} kept, {counts['fuzzy']} fuzzy (to review), "
        f"{counts['new']} new (to translate), {counts['obsolete']} obsolete"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
