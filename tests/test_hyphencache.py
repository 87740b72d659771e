"""Hyphenation dictionaries kept between runs (brochure/hyphencache.py): a restored dictionary is the one Pyphen
parses, attribute for attribute; a damaged or foreign entry is parsed again; the switch turns it off; a
translation's PDF is the same bytes with the cache cold, warm and off."""

from __future__ import annotations

from pathlib import Path

import pyphen
import pytest
from helpers import DATA

from brochure import hyphencache, typeset
from brochure.pipeline import Job, render

# Every dictionary the sample editions hyphenate with, and Portuguese's two.
LANGUAGES = ("en_US", "es", "pl_PL", "pt_BR", "pt_PT")
WORDS = ("hyphenation", "trabajadores", "niebezpieczeństwo", "exploração", "responsabilidade", "a", "")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BROCHURE_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("BROCHURE_FONT_CACHE", raising=False)
    return tmp_path / "hyphenation"


def entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.bin")) if cache.exists() else []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_restored_dictionary_is_the_parsed_one(language: str, cache: Path, monkeypatch) -> None:
    path = pyphen.LANGUAGES[language]
    parsed = hyphencache.parsed_dictionary(path)  # parsed, and stored
    assert len(entries(cache)) == 1
    with monkeypatch.context() as patched:
        patched.setattr(pyphen.HyphDict, "__init__", lambda self, path: pytest.fail("parsed again"))
        restored = hyphencache.parsed_dictionary(path)
    assert restored is not parsed
    assert vars(restored) == vars(pyphen.HyphDict(path)) == vars(parsed)
    assert [restored.positions(word) for word in WORDS] == [pyphen.HyphDict(path).positions(word) for word in WORDS]


@pytest.mark.parametrize(
    "spoil",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data[:-1] + bytes([data[-1] ^ 1]),  # one bit of the body: the seal fails
        lambda data: b"",
        lambda data: b"something else entirely",
    ],
)
def test_a_damaged_entry_is_parsed_again_and_rewritten(spoil, cache: Path, monkeypatch) -> None:
    path = pyphen.LANGUAGES["es"]
    hyphencache.parsed_dictionary(path)
    (entry,) = entries(cache)
    entry.write_bytes(spoil(entry.read_bytes()))
    parsed = []
    real = pyphen.HyphDict

    class Counted(real):  # type: ignore[misc, valid-type]
        def __init__(self, path: Path) -> None:
            parsed.append(path)
            super().__init__(path)

    monkeypatch.setattr(pyphen, "HyphDict", Counted)
    again = hyphencache.parsed_dictionary(path)
    assert parsed == [path]  # the damaged entry was not used
    assert vars(again) == vars(real(path))
    restored = hyphencache._restore(entry, _key_of(path))  # rewritten whole
    assert restored is not None and vars(restored) == vars(again)
    assert parsed == [path]


def _key_of(path: Path) -> tuple[object, ...]:
    import hashlib
    import sys

    data = path.read_bytes()
    return (hashlib.sha256(data).hexdigest(), path.name, pyphen.VERSION, f"{sys.version_info[:2]}", hyphencache.FORMAT)


def test_an_entry_of_another_pyphen_or_another_dictionary_is_not_used(cache: Path) -> None:
    path = pyphen.LANGUAGES["pl_PL"]
    hyphencache.parsed_dictionary(path)
    (entry,) = entries(cache)
    key = _key_of(path)
    assert hyphencache._restore(entry, key) is not None
    assert hyphencache._restore(entry, (*key[:2], "0.0.1", *key[3:])) is None
    assert hyphencache._restore(entry, ("0" * 64, *key[1:])) is None


def test_the_switch_turns_it_off(cache: Path, monkeypatch) -> None:
    monkeypatch.setenv("BROCHURE_FONT_CACHE", "0")
    restored = hyphencache.parsed_dictionary(pyphen.LANGUAGES["es"])
    assert entries(cache) == []
    assert vars(restored) == vars(pyphen.HyphDict(pyphen.LANGUAGES["es"]))


def test_a_hyphenated_translation_is_the_same_bytes_with_the_cache_cold_warm_and_off(cache: Path, monkeypatch) -> None:
    def spanish() -> bytes:
        pyphen.hdcache.clear()
        typeset.hyphenator.cache_clear()
        return render(Job(DATA / "es.yaml")).pdf

    cold = spanish()
    assert [entry.name.split("-", 1)[1] for entry in entries(cache)] == ["hyph_es.bin"]
    warm = spanish()
    monkeypatch.setenv("BROCHURE_FONT_CACHE", "0")
    off = spanish()
    assert cold == warm == off
