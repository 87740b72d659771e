"""Load stage: data files (YAML) -> a validated `Edition`.

In:  the path of an edition file, e.g. data/ct-human-trafficking/en.yaml. Beside it
     live `brochure.yaml` (design shared by all editions) and `contacts.yaml`
     (phone numbers, web and postal addresses, each written once).
Out: an `Edition` and the warnings found; or `BrochureError` with every problem
     found in all three files, each with file:line:column, the key path and a hint.

YAML is read with the safe loader only, as a node tree so every value keeps its
line; duplicate keys are refused (PyYAML would silently keep the last one) and so
are unknown keys (a misspelt key would otherwise drop text silently). Scalars are
taken as written (`phone: 911`, `title: yes` stay the text the person typed).

The steps, each its own module: yamlsource (file -> nodes), schema + fields (the keys
and their converters), design (brochure.yaml), contacts (contacts.yaml and references
to it), panels, blocks, contact_block and media_blocks (the edition's content),
source_files (fonts, images, the press profile).
"""

from __future__ import annotations

import datetime
import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from . import fonts, yamlsource
from .block_context import BlockContext
from .contacts import CONTACTS_FILE_NAME, fictional_numbers, field_link, load_contacts
from .converters import FileScope, convert, read_keys
from .design import load_design, type_scale_of
from .diagnostics import Finding, Report
from .fields import Reader
from .limits import MAX_FILE_BYTES
from .model import Design, Edition, Review, ReviewStatus
from .panels import read_panels
from .schema import EDITION, LABELS, REVIEW
from .yamlsource import file_type, read_yaml

BROCHURE_FILE = "brochure.yaml"
CONTACTS_FILE = CONTACTS_FILE_NAME
__all__ = ["BROCHURE_FILE", "CONTACTS_FILE", "field_link", "fictional_numbers", "file_type", "load_edition"]

# The YAML readers, under the names tests switch between (tests/test_limits.py): `_read_yaml` reads
# the edition with whichever `_LimitedLoader` is set here.
_PythonLoader = yamlsource.LOADERS["python"]
if "libyaml" in yamlsource.LOADERS:
    _LibyamlLoader = yamlsource.LOADERS["libyaml"]
_LimitedLoader: type = yamlsource.DEFAULT_LOADER


def _read_yaml(path: Path, report: Report) -> yaml.Node | None:
    return read_yaml(path, report, _LimitedLoader)


def load_edition(path: Path | str) -> tuple[Edition, list[Finding]]:
    """Read and validate one edition with its brochure's design and contacts.

    Returns the edition and its warnings; raises `BrochureError` with all errors.
    An edition loaded before in this process is given again while no file it could have read has
    changed (`_stamp`): `--all` loads a translation's source edition once for its own render and
    again for every translation checked against it. An edition with errors is never kept.
    """
    path = Path(path)
    key = (path.absolute(), _LimitedLoader)
    stamp = _stamp(path)  # taken before reading: a file changed while it is read is read again next time
    kept = _LOADED.pop(key, None)
    if kept is not None and stamp is not None and kept.stamp == stamp:
        _LOADED[key] = kept  # the most recently used last
        return kept.edition, list(kept.warnings)
    report = Report()
    edition = _load(path, report)
    report.raise_if_errors()
    assert edition is not None
    if stamp is not None:
        while len(_LOADED) >= _LOADED_LIMIT:
            del _LOADED[next(iter(_LOADED))]  # the least recently used: decoded images are not small
        _LOADED[key] = _Loaded(stamp, edition, tuple(report.warnings))
    return edition, report.warnings


@dataclass(frozen=True)
class _Loaded:
    """An edition as loaded, with the stamp of its files then (`_stamp`) and the load's warnings."""

    stamp: tuple[object, ...]
    edition: Edition
    warnings: tuple[Finding, ...]


_LOADED: dict[tuple[Path, type], _Loaded] = {}  # by the edition's path and the YAML reader it was read with
_LOADED_LIMIT = 2  # the edition being made and the source edition it is checked against
_STAMPED_FILES_LIMIT = 2000  # a brochure folder holding more than this (outputs, say) is never kept


def forget_loaded() -> None:
    """Drop the editions kept in this process: the next load of each reads its files again."""
    _LOADED.clear()


def _files_under(folder: str) -> Iterator[tuple[str, os.stat_result]]:
    """Every file below `folder` (folders followed, not links to them) with its status, in a fixed order."""
    if not os.path.isdir(folder):
        return
    with os.scandir(folder) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from _files_under(entry.path)
        else:
            yield entry.path, entry.stat()


def _stamp(path: Path) -> tuple[object, ...] | None:
    """What tells whether anything a load of `path` could read has changed: the bytes of the three YAML
    files it reads, and the size, times and inode of every file in its folder and on its font search path
    (images, SVG, the press profile, fonts are all found there). None (do not keep) when a file there is
    not a regular file (a pipe is never opened here), a YAML file is over the size limit, or there are
    too many files to stamp cheaply."""
    folder = path.parent
    read = {path.name, BROCHURE_FILE, CONTACTS_FILE}  # the YAML files a load reads
    stamps: list[object] = []
    try:
        for top in (folder, *fonts.search_path(folder)):
            for file, info in _files_under(str(top)):
                if not stat.S_ISREG(info.st_mode) or len(stamps) >= _STAMPED_FILES_LIMIT:
                    return None
                stamps.append((file, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
        for name in sorted(read):
            # The files people edit: also by content, as two edits in one clock tick look alike. Their type is
            # asked as the loader asks it (`Path.stat`): a pipe or a device is never opened here.
            info = (folder / name).stat()
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_FILE_BYTES:
                return None
            stamps.append(hashlib.blake2b((folder / name).read_bytes(), digest_size=16).digest())
    except OSError:
        return None
    return tuple(stamps)


def _load(path: Path, report: Report) -> Edition | None:
    """The three files of one edition, read in turn; None when one cannot be read at all (reported)."""
    folder = path.parent
    design = load_design(folder / BROCHURE_FILE, report)
    contacts, region = load_contacts(folder / CONTACTS_FILE, report)
    root = _read_yaml(path, report)
    if root is None or design is None:
        return None
    ctx = Reader(path.absolute(), report)
    top = read_keys(ctx, root, "", EDITION)
    plain = convert(FileScope(ctx, design.colors), top, "", EDITION)
    language = str(plain["language"])
    if "language" in top and not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        ctx.error(
            top["language"], "language", f"'{language}' is not a language tag", hint="e.g. en-US, es, pt-BR, zh-Hans"
        )
    review = _review(ctx, top.get("review"))
    smart_quotes = plain["smart_quotes"] if plain["smart_quotes"] is not None else design.smart_quotes
    labels = _labels(ctx, top.get("labels"), review)
    type_scale = type_scale_of(ctx, top.get("type"), "type", design.type, folder)
    if type_scale is not None:
        design = Design(**{**design.__dict__, "type": type_scale})
    blocks = BlockContext(ctx, design, contacts, labels, folder, region, language if smart_quotes else None)
    panels = read_panels(blocks, top.get("panels"))
    keywords = plain["keywords"]
    assert isinstance(keywords, tuple)
    return Edition(
        path=path,
        brochure=folder.resolve().name,
        code=path.stem,
        language=language,
        title=str(plain["title"]),
        subject=str(plain["subject"]),
        keywords=keywords,
        review=review,
        source_edition=_source(ctx, top.get("source")),
        labels=labels,
        panels=panels,
        design=design,
        contacts=contacts,
        contacts_used=frozenset(blocks.used_contacts),
        region=region,
    )


def _source(ctx: Reader, node: yaml.Node | None) -> str:
    """`source: en`: the code of an edition beside this one; never a path (it could leave the folder)."""
    code = ctx.string(node, "source") or ""
    if code and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", code):
        ctx.error(
            node,  # type: ignore[arg-type]  # a code was read, so there is a node
            "source",
            f"source '{code}' is not the name of an edition in this folder",
            hint="write the file name of the source edition without .yaml, e.g. source: en",
        )
        return ""
    return code


def _review(ctx: Reader, node: yaml.Node | None) -> Review:
    if node is None:
        return Review(ReviewStatus.SOURCE)
    values = read_keys(ctx, node, "review", REVIEW)
    status = ctx.choice(values.get("status"), "review.status", ReviewStatus) or ReviewStatus.DRAFT
    reviewer = ctx.string(values.get("reviewer"), "review.reviewer") or ""
    date = ctx.string(values.get("date"), "review.date") or ""
    if date and not _is_date(date):
        ctx.error(
            values["date"],
            "review.date",
            f"'{date}' is not a date",
            hint="write the day of the review as YYYY-MM-DD, e.g. 2026-12-01",
        )
    if status == ReviewStatus.REVIEWED:
        for key, value in (("reviewer", reviewer), ("date", date)):
            if not value:
                ctx.error(
                    node,
                    "review",
                    f"a reviewed edition needs review.{key}",
                    hint="say who reviewed the translation and when, e.g. reviewer: Ana Díaz, date: 2026-12-01",
                )
    return Review(status, reviewer, date)


def _labels(ctx: Reader, node: yaml.Node | None, review: Review) -> dict[str, str]:
    labels: dict[str, str] = {}
    for key, value_node in read_keys(ctx, node, "labels", LABELS).items():
        value = ctx.string(value_node, f"labels.{key}", allow_empty=True)
        if value is not None and _MARKUP.search(value):
            # A label is printed as written, before a contact's field; markup there would print literally.
            ctx.error(
                value_node,
                f"labels.{key}",
                "labels are printed as written, without markup",
                hint="remove the * { [ \\ characters: a label is set in the style of the field it names",
            )
        elif value is not None:
            labels[key] = value
    if review.status == ReviewStatus.DRAFT and not labels.get("draft_notice"):
        ctx.error(
            node or _fake_node(),
            "labels.draft_notice",
            "a draft translation needs labels.draft_notice: 'Draft translation - not reviewed' in its language",
            hint="it is printed on the back cover until review.status is 'reviewed'",
        )
    return labels


_MARKUP = re.compile(r"[*{}\[\]\\]")


def _is_date(text: str) -> bool:
    """Whether `text` is a real day written YYYY-MM-DD (2026-13-45 is not)."""
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", text))


def _fake_node() -> yaml.Node:
    """A stand-in node at the file's first line, for a problem with a key that is not there."""
    mark = yaml.Mark("", 0, 0, 0, "", 0)
    return yaml.ScalarNode("tag:yaml.org,2002:null", "", mark, mark)
