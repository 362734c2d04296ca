# Copyright 2026 sales_ecosystem developers
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Check the addon's translation files: complete, reviewed, and safe to format.

    i18n_check.py [--pot sales_ecosystem/i18n/sales_ecosystem.pot] sales_ecosystem/i18n/fr.po ...

Failures (exit 1), each listed with the msgid:
  * untranslated entry (empty msgstr), fuzzy entry (not reviewed after a merge). A term that stays the same in the
    language ("Code", "Budget", "Total") has an empty msgstr, as OCA's po-pretty-format wants (Odoo then shows the
    source), and the translator comment `# same as source` that tells it from a forgotten one;
  * placeholder mismatch: the %-placeholders (%s, %d, %(name)s, %%...) and {name} placeholders of the msgstr
    differ from the msgid's (a wrong one raises at runtime, or silently shows the wrong value);
  * markup mismatch: the XML/HTML tags of the msgstr differ from the msgid's (Odoo drops such view translations);
  * with --pot: a msgid of the template missing from the file, or a file entry not in the template
    (the file was not merged: run `make pot`).
"""

import argparse
import re
import sys
from collections import Counter

import polib

PERCENT = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
BRACES = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*|\d*)(?:![rsa])?(?::[^{}]*)?\}(?!\})")
SAME_AS_SOURCE = "same as source"  # translator comment of an entry deliberately left as the source text
TAG = re.compile(r"<\s*(/?)\s*([A-Za-z][\w:.-]*)([^<>]*?)(/?)\s*>")


def placeholders(text, python_format):
    found = Counter(PERCENT.findall(text))
    if not python_format:
        found.pop("%%", None)
    if python_format or "{" in text:
        found.update(f"{{{m}}}" for m in BRACES.findall(text))
    return found


def tags(text):
    return Counter(f"<{m[0]}{m[1]}{m[3]}>" for m in TAG.findall(text))


def check(path, template):
    po = polib.pofile(path)
    problems = []
    entries = [e for e in po if not e.obsolete]
    for e in entries:
        label = e.msgid if len(e.msgid) < 90 else e.msgid[:87] + "..."
        if not e.msgstr:
            if SAME_AS_SOURCE not in (e.tcomment or ""):
                problems.append(("untranslated", label, ""))
            continue
        if "fuzzy" in e.flags:
            problems.append(("fuzzy", label, ""))
        python_format = "python-format" in e.flags or any(o[0].startswith("code:") for o in e.occurrences)
        src_ph, dst_ph = placeholders(e.msgid, python_format), placeholders(e.msgstr, python_format)
        # a bare '%' in a view label is not a placeholder: compare only when the msgid has real ones
        if src_ph != dst_ph and (src_ph or python_format):
            problems.append(
                (
                    "placeholders",
                    label,
                    f"msgid {sorted(src_ph.elements())} / msgstr {sorted(dst_ph.elements())}",
                )
            )
        if tags(e.msgid) != tags(e.msgstr):
            problems.append(
                ("markup", label, f"msgid {sorted(tags(e.msgid))} / msgstr {sorted(tags(e.msgstr))}")
            )
    if template is not None:
        want = {e.msgid_with_context for e in template}
        have = {e.msgid_with_context for e in entries}
        problems += [("missing (run make pot)", m[:90], "") for m in sorted(want - have)]
        problems += [("not in the template (run make pot)", m[:90], "") for m in sorted(have - want)]
    return entries, problems


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pot", help="the template the files must match")
    parser.add_argument("po", nargs="+")
    args = parser.parse_args()
    template = polib.pofile(args.pot) if args.pot else None
    failed = False
    for path in args.po:
        entries, problems = check(path, template)
        kinds = Counter(p[0] for p in problems)
        translated = sum(
            1
            for e in entries
            if (e.msgstr or SAME_AS_SOURCE in (e.tcomment or "")) and "fuzzy" not in e.flags
        )
        print(
            f"i18n: {path}: {translated}/{len(entries)} translated"
            + "".join(f", {n} {k}" for k, n in sorted(kinds.items()))
        )
        for kind, msgid, detail in problems[:50]:
            print(f"   {kind}: {msgid!r}" + (f" ({detail})" if detail else ""))
        if len(problems) > 50:
            print(f"   ... and {len(problems) - 50} more")
        failed |= bool(problems)
    if failed:
        print(
            "FAILED: translation check (fix the entries above; after a code change run `make pot` first)",
            file=sys.stderr,
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
