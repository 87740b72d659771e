"""Checked numbers kept between runs (brochure/phonecache.py): a kept answer is exactly what phonenumbers says.

Every question phones.py asks phonenumbers (a contact's number, numbers in prose, preflight's reading of a
printed number, the list of regions) is answered three ways and compared: cache off, cache being filled,
cache filled (in a fresh process that must not import phonenumbers at all); and with the file damaged.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from brochure import phonecache
from brochure.phones import PhoneProblem, link_for_printed, look_alikes, read_number, supported_regions

ROOT = Path(__file__).resolve().parent.parent

# (text, region, kind, extension): valid, short, fictional, every kind of problem, and the seed brochures' numbers.
NUMBERS = [
    ("1-888-373-7888", "US", "phone", ""),
    ("(860) 550-6632", "US", "phone", "12"),
    ("911", "US", "phone", ""),
    ("911", "DE", "phone", ""),
    ("999", "GB", "phone", "3"),
    ("116 123", "GB", "phone", ""),
    ("233733", "US", "text", ""),
    ("07700 900123", "GB", "text", ""),
    ("020 7946 0958", "GB", "phone", ""),
    ("(860) 555-0123", "US", "fax", ""),
    ("555-0150", "US", "phone", ""),
    ("+44 20 7946 0958", "US", "phone", ""),
    ("0808 800 4444", "GB", "toll_free", ""),
    ("0117 496 0456", "GB", "toll_free", ""),
    ("1-800-FLOWERS", "US", "phone", ""),
    ("860-550-6632 ext. 12", "US", "fax", ""),
    ("860-550-6632 x12", "US", "phone", ""),
    ("860-550-6632 or 860-550-6633", "US", "phone", ""),
    ("not a number", "US", "phone", ""),
    ("0808 800 444", "GB", "phone", ""),
    ("030 9", "DE", "phone", ""),
    ("1" * 70, "US", "phone", ""),
    ("860-550-6632", "US", "phone", "12a"),
]
PROSE = [
    ("Call 860-550-6632 or write to help@example.org; see www.ct.gov/ova.", "US"),
    ("In 2023, 112 victims; call 0808 800 4444 or 07700 900123.", "GB"),
    ("Nothing here but 12 words and 3 numbers, 1999.", "US"),
    ("", "US"),
]
PRINTED = [
    ("0117 496 0456 ext. 12", "GB", "tel", "ext."),
    ("233733", "US", "sms", ""),
    ("860-550-6632", "US", "tel", ""),
    ("nonsense", "US", "tel", ""),
]


def _seed_numbers() -> list[tuple[str, str, str, str]]:
    """Every number of the seed brochures, as their contacts.yaml write it."""
    import yaml

    found = []
    for contacts in sorted((ROOT / "data").glob("*/contacts.yaml")):
        data = yaml.safe_load(contacts.read_text(encoding="utf-8"))
        for contact in (data.get("contacts") or {}).values():
            region = contact.get("region", data.get("region", "US"))
            for kind in ("phone", "toll_free", "fax", "text"):
                if kind in contact:
                    found.append((str(contact[kind]), region, kind, str(contact.get("ext", ""))))
    return found


def answers() -> str:
    """Everything phones.py says about the corpus, as one JSON text to compare."""
    said: list[object] = []
    for text, region, kind, extension in NUMBERS + _seed_numbers():
        try:
            number = read_number(text, region, kind, extension)
            said.append(["number", repr(number), number.link, number.sms_link, number.short])
        except PhoneProblem as problem:
            said.append(["problem", problem.message, problem.hint])
    for text, region in PROSE:
        said.append([[found.text, found.start, found.what] for found in look_alikes(text, region)])
    for printed, region, scheme, label in PRINTED:
        said.append(link_for_printed(printed, region, scheme, label))
    said.append(sorted(supported_regions()))
    return json.dumps(said, ensure_ascii=False, indent=1)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of its own; the process's copy of the stored answers dropped before and after."""
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BROCHURE_FONT_CACHE", raising=False)
    phonecache.forget()
    yield tmp_path / phonecache.FILE_NAME
    phonecache.forget()


def _without_cache(monkeypatch) -> str:
    monkeypatch.setenv("BROCHURE_FONT_CACHE", "0")
    try:
        return answers()
    finally:
        monkeypatch.delenv("BROCHURE_FONT_CACHE")


def test_the_corpus_asks_every_kind_of_question():
    said = json.loads(answers())
    assert {entry[0] for entry in said[: len(NUMBERS)] if isinstance(entry, list)} == {"number", "problem"}
    assert len(_seed_numbers()) >= 10
    assert any(said)


def test_kept_answers_are_what_phonenumbers_says(cache, monkeypatch):
    reference = _without_cache(monkeypatch)
    assert not cache.exists()  # off means off
    assert answers() == reference  # filling the cache
    assert cache.exists()
    phonecache.forget()
    assert answers() == reference  # read back from the file


def test_a_filled_cache_answers_without_importing_phonenumbers(cache, monkeypatch):
    reference = _without_cache(monkeypatch)
    answers()
    # This file run as a script (see the end): a process of its own, nothing imported before it asks.
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, __file__], env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == reference


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # cut short
        lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit flipped: the checksum fails
        lambda raw: b"not a cache at all",
        lambda raw: b"",
    ],
)
def test_a_damaged_cache_is_recomputed(cache, monkeypatch, damage):
    reference = _without_cache(monkeypatch)
    answers()
    cache.write_bytes(damage(cache.read_bytes()))
    phonecache.forget()
    assert answers() == reference
    phonecache.forget()
    assert answers() == reference  # and rewritten whole


def test_a_stored_answer_of_the_wrong_shape_or_for_another_version_is_recomputed(cache, monkeypatch):
    import marshal

    from brochure.fontcache import sealed

    reference = _without_cache(monkeypatch)
    answers()
    key, stored = marshal.loads(cache.read_bytes()[len(phonecache.MAGIC) + 32 :])
    forged = {question: ("number", 1, 2) for question in stored}  # checksummed, but no answer's shape
    cache.write_bytes(sealed(marshal.dumps((key, forged)), phonecache.MAGIC))
    phonecache.forget()
    assert answers() == reference
    wrong = {
        question: ("problem", "made up", "") if question[0] == "read" else answer for question, answer in stored.items()
    }
    cache.write_bytes(sealed(marshal.dumps((("0.0.0", *key[1:]), wrong)), phonecache.MAGIC))  # another version
    phonecache.forget()
    assert answers() == reference


def test_an_edited_phones_module_does_not_reuse_answers(cache, monkeypatch):
    """phones.py's messages are part of each answer: its SHA-256 is part of the key."""
    answers()
    phonecache._key.cache_clear()
    key = phonecache._key()
    monkeypatch.setattr(phonecache, "_key", lambda: (*key[:3], "another phones.py"))
    assert phonecache._read(cache) is None


if __name__ == "__main__":  # the fresh process of test_a_filled_cache_answers_without_importing_phonenumbers
    said = answers()
    assert "phonenumbers" not in sys.modules, "phonenumbers was imported"
    sys.stdout.write(said)
