"""The simplified-Chinese catalogue is complete, faithful to its placeholders, compiled, and in
step with the code.

The interface is zh-Hans by default: an untranslated entry shows English to every citizen, a
fuzzy one shows makemessages' guess (often another sentence), a lost placeholder drops a case
number or raises at run time, a stale `.mo` serves yesterday's wording (it is committed, as fresh
machines may lack GNU gettext), and a string the code marks but the catalogue lacks is English on
screen. The catalogue is made and compiled with:

    manage.py makemessages -l zh_Hans --no-obsolete --no-location -e html,txt,py
    manage.py compilemessages -l zh_Hans
"""

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
MESSAGES = Path("locale", "zh_Hans", "LC_MESSAGES")
PO_FILE = ROOT / MESSAGES / "django.po"
MO_FILE = ROOT / MESSAGES / "django.mo"
MAKEMESSAGES = [
    "makemessages",
    "-l",
    "zh_Hans",
    "--no-obsolete",
    "--no-location",
    "-e",
    "html,txt,py",
]
GETTEXT_TOOLS = ("xgettext", "msguniq", "msgmerge", "msgattrib")
# What makemessages would not read anyway, or should not: version control, the virtualenv, the
# catalogue itself, and what .gitignore keeps out (collected static files, media, builds).
NOT_SOURCE = {".git", ".venv", "locale", "__pycache__", "var", "media", "static", "target"}

# Python-format placeholders (a template's `%%(name)s` is one: Django halves it when rendering),
# the `{name}` a script fills in, and markup such as <a href="%(lookup_url)s"> and </a>.
PYTHON_FORMAT = re.compile(
    r"%%\(\w+\)[a-z]|%%|%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]|%[-#0 +]*\d*(?:\.\d+)?[dsf]"
)
BRACES_AND_MARKUP = re.compile(r"\{\w*\}|<[^<>]+>")


def catalogue():
    return polib.pofile(str(PO_FILE))


def described(entries):
    return "\n".join(f"  {entry.msgid!r}" for entry in entries)


def placeholders(text, python_format):
    found = BRACES_AND_MARKUP.findall(text)
    if python_format:
        found += PYTHON_FORMAT.findall(text)
    return Counter(found)


def test_every_entry_is_translated_and_none_is_a_fuzzy_guess():
    po = catalogue()
    untranslated = [entry for entry in po.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry for entry in po.fuzzy_entries() if not entry.obsolete]
    assert not untranslated, f"untranslated in {PO_FILE.name}:\n{described(untranslated)}"
    assert not fuzzy, f"fuzzy (check and translate, then drop the flag):\n{described(fuzzy)}"


def test_plurals_follow_chinese_one_form_for_every_number():
    po = catalogue()
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    plurals = [entry for entry in po if entry.msgid_plural]
    assert plurals, "the site has plural strings (thread counts, votes): the catalogue lost them"
    wrong = [entry for entry in plurals if set(entry.msgstr_plural) != {0}]
    assert not wrong, f"one form only, msgstr[0]:\n{described(wrong)}"


def test_every_placeholder_and_tag_of_a_message_is_kept_in_its_translation():
    mismatches = []
    for entry in catalogue():
        python_format = "python-format" in entry.flags
        source = entry.msgid_plural or entry.msgid
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wanted = placeholders(source, python_format)
        for translation in translations:
            got = placeholders(translation, python_format)
            if got != wanted:
                mismatches.append(
                    f"  {source!r}\n    wants {sorted(wanted.elements())}, "
                    f"{translation!r} has {sorted(got.elements())}"
                )
    assert not mismatches, "placeholders or markup changed:\n" + "\n".join(mismatches)


def test_placeholder_check_notices_a_dropped_renamed_or_unescaped_placeholder():
    # The check above is only as good as the pattern it counts with.
    wanted = placeholders('%(case_number)s · %(pct)s%% <a href="%(url)s">', True)
    assert placeholders('受理编号%(case_number)s · %(pct)s%%<a href="%(url)s">', True) == wanted
    assert placeholders('受理编号 · %(pct)s%%<a href="%(url)s">', True) != wanted
    assert placeholders('受理编号%(case)s · %(pct)s%%<a href="%(url)s">', True) != wanted
    assert placeholders('受理编号%(case_number)s · %(pct)s<a href="%(url)s">', True) != wanted
    assert placeholders("受理编号%(case_number)s · %(pct)s%%链接", True) != wanted
    assert placeholders("%%(shown)s", True) != placeholders("%(shown)s", True)


def translations_of(entries):
    """{(context, msgid): translation} of the entries a compiled catalogue carries."""
    return {
        (entry.msgctxt, entry.msgid): tuple(sorted(entry.msgstr_plural.items()))
        if entry.msgid_plural
        else entry.msgstr
        for entry in entries
        if entry.msgid
        and not entry.obsolete
        and "fuzzy" not in entry.flags
        and (entry.msgstr or any(entry.msgstr_plural.values()))
    }


def test_the_committed_mo_file_is_compiled_from_the_committed_po_file():
    po, mo = catalogue(), polib.mofile(str(MO_FILE))
    compiled, written = translations_of(mo), translations_of(po)
    differ = sorted(key[1] for key, text in written.items() if compiled.get(key) != text)
    gone = sorted(key[1] for key in compiled.keys() - written.keys())
    assert not differ and not gone, (
        "run `manage.py compilemessages -l zh_Hans` and commit the .mo: "
        f"{len(differ)} entries differ or are missing {differ[:5]}, {len(gone)} are gone {gone[:5]}"
    )
    assert mo.metadata.get("Plural-Forms") == po.metadata["Plural-Forms"]


def source_copy(destination):
    """The project's sources that makemessages reads (.py, .html, .txt), in a scratch folder."""

    def not_read(folder, names):
        return [
            name
            for name in names
            if name in NOT_SOURCE
            or name.startswith(".")
            or (Path(folder, name).is_file() and not name.endswith((".py", ".html", ".txt")))
        ]

    shutil.copytree(ROOT, destination, ignore=not_read, symlinks=True)
    (destination / MESSAGES).mkdir(parents=True)


def msgids(po):
    return {(entry.msgctxt, entry.msgid, entry.msgid_plural) for entry in po if not entry.obsolete}


def test_every_string_the_code_marks_for_translation_is_in_the_catalogue(tmp_path):
    missing_tools = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing_tools:
        pytest.skip(
            f"makemessages needs GNU gettext ({', '.join(missing_tools)} not found); "
            "install gettext: apt-get install -y gettext"
        )
    copy = tmp_path / "project"
    source_copy(copy)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "echowall.settings.test"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    in_code = msgids(polib.pofile(str(copy / MESSAGES / "django.po")))
    in_catalogue = msgids(catalogue())
    assert len(in_code) > 400, "makemessages found almost nothing: the copy misses the sources"
    missing = sorted(msgid for _context, msgid, _plural in in_code - in_catalogue)
    stale = sorted(msgid for _context, msgid, _plural in in_catalogue - in_code)
    command = "manage.py " + " ".join(MAKEMESSAGES)
    assert not missing, f"not in the catalogue (run `{command}`, translate):\n" + "\n".join(
        f"  {msgid!r}" for msgid in missing
    )
    assert not stale, f"no longer in the code (run `{command}`):\n" + "\n".join(
        f"  {msgid!r}" for msgid in stale
    )
