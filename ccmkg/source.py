"""Read the source text and segment it into its structure.

The final document has a main body (sections I-IV, paragraphs 1-33), Annex I (paragraphs 1-10),
Annex II (sections I-XII with unnumbered sub-headings, paragraphs 1-80, footnotes 1-76) and
Annex III (a tab-separated table). Every part gets an Akoma Ntoso style id such as
`annex_2__para_29`, `main__para_27__c__iv` or `annex_2__fn_8`.

Quirks handled here (see ../shared/sources/README.md): page breaks split paragraphs, so a line
that continues an unfinished sentence is joined to the part it belongs to with one space;
footnote bodies sit between paragraphs of running text; Annex III repeats its header row.
"""
from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, at

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
SUPERSCRIPT_RUN = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]

PARA = re.compile(r"^(\d+)\.\s+(.*)$")
ITEM = re.compile(r"^\s*(?:-\s+)?\(([a-z]+)\)\s+(.*)$")
FOOTNOTE = re.compile(r"^([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+(.*)$")
SECTION = re.compile(r"^([IVX]+)\.\s+(.*)$")
ANNEX = re.compile(r"^Annex ([IVX]+)$")
TABLE_HEADER = "<i>Symbol</i>\t<i>Title</i>"


@dataclass
class Part:
    """One addressable piece of the document's text."""

    id: str
    kind: str  # Document | Annex | Section | Subsection | Paragraph | SubParagraph | Footnote | Table | TableRow
    number: str
    line: int
    order: int
    parent: str | None
    heading: str = ""
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(self.lines)


@dataclass
class Source:
    """The segmented document: parts by id, in document order."""

    path: Path
    raw: str
    parts: dict[str, Part]

    def part(self, part_id: str, where: str) -> Part:
        if part_id not in self.parts:
            raise InputError(where, f"no part '{part_id}' in {self.path.name}")
        return self.parts[part_id]

    def footnote_markers(self, part: Part) -> list[int]:
        return [int(m.group().translate(SUPERSCRIPT)) for m in SUPERSCRIPT_RUN.finditer(part.text)]


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", ":", ";", "?", ")", "”"))


class Segmenter:
    """Walks the lines once, keeping the open section, paragraph and items."""

    def __init__(self, path: Path):
        self.path = path
        self.parts: dict[str, Part] = {}
        self.scope = "main"
        self.section: Part | None = None
        self.subsection: Part | None = None
        self.paragraph: Part | None = None
        self.items: list[Part] = []  # open sub-paragraphs, outermost first
        self.running: Part | None = None  # the last part of running text (not a footnote)
        self.row_count = 0

    def add(self, pid, kind, number, line, parent, heading="", text=None) -> Part:
        if pid in self.parts:
            raise InputError(at(self.path, line), f"part '{pid}' occurs twice")
        part = Part(pid, kind, number, line, len(self.parts) + 1, parent, heading)
        if text is not None:
            part.lines.append(text)
        self.parts[pid] = part
        return part

    def container(self) -> str:
        for part in (self.subsection, self.section):
            if part is not None:
                return part.id
        return self.scope

    def run(self, raw: str) -> dict[str, Part]:
        self.add("main", "Document", "", 1, None)
        lines = raw.split("\n")
        preface = []
        for number, line in enumerate(lines, start=1):
            stripped = line.strip()
            if not stripped:
                continue
            if self.scope == "main" and self.section is None and not SECTION.match(stripped):
                preface.append((number, stripped))
                continue
            if preface:
                self.add("main__preface", "Section", "", preface[0][0], "main", "Preface",
                         " / ".join(t for _, t in preface))
                preface = []
            self.line(number, line, stripped)
        return self.parts

    def line(self, number: int, line: str, stripped: str) -> None:
        annex = ANNEX.match(stripped)
        if annex:
            return self.open_annex(number, annex.group(1))
        if self.scope.startswith("annex") and self.section is None and self.paragraph is None:
            annex_part = self.parts[self.scope]
            if not annex_part.heading:
                annex_part.heading = stripped
                return
            if stripped.startswith("("):
                annex_part.lines.append(stripped)  # "(As adopted at the final plenary meeting, ...)"
                return
        if self.scope == "annex_3":
            return self.table_line(number, stripped)
        for handler in (self.footnote, self.section_heading, self.paragraph_start, self.item_start):
            if handler(number, stripped):
                return
        self.other_line(number, stripped)

    def open_annex(self, number: int, roman: str) -> None:
        self.scope = f"annex_{ROMAN.index(roman.lower()) + 1}"
        self.add(self.scope, "Annex", roman, number, "main")
        self.section = self.subsection = self.paragraph = self.running = None
        self.items = []

    def footnote(self, number: int, stripped: str) -> bool:
        match = FOOTNOTE.match(stripped)
        if not match:
            return False
        n = match.group(1).translate(SUPERSCRIPT)
        self.add(f"{self.scope}__fn_{n}", "Footnote", n, number, self.scope, text=match.group(2))
        return True

    def section_heading(self, number: int, stripped: str) -> bool:
        match = SECTION.match(stripped)
        if not match:
            return False
        n = ROMAN.index(match.group(1).lower()) + 1
        self.section = self.add(f"{self.scope}__sec_{n}", "Section", match.group(1), number,
                                self.scope, match.group(2))
        self.subsection = self.paragraph = self.running = None
        self.items = []
        return True

    def paragraph_start(self, number: int, stripped: str) -> bool:
        match = PARA.match(stripped)
        if not match:
            return False
        n = match.group(1)
        self.paragraph = self.add(f"{self.scope}__para_{n}", "Paragraph", n, number,
                                  self.container(), text=match.group(2))
        self.items = []
        self.running = self.paragraph
        return True

    def item_start(self, number: int, stripped: str) -> bool:
        match = ITEM.match(stripped)
        if not match or self.paragraph is None:
            return False
        label = match.group(1)
        after_h = bool(self.items) and self.items[0].id.endswith("__h")
        if label in ROMAN and not (label == "i" and after_h):
            if not self.items:
                raise InputError(at(self.path, number), f"item ({label}) has no lettered item above it")
            parent = self.items[0]
        else:
            parent = self.paragraph
        item = self.add(f"{parent.id}__{label}", "SubParagraph", f"{parent.number} ({label})",
                        number, parent.id, text=match.group(2))
        self.items = [item] if parent is self.paragraph else [parent, item]
        self.running = item
        return True

    def other_line(self, number: int, stripped: str) -> None:
        """A line that opens nothing: a page-break continuation, a trailing sentence, or a sub-heading."""
        running = self.running
        if running is not None and (not ends_sentence(running.text) or stripped[0].islower()):
            target = running
            if ends_sentence(running.text) and len(self.items) > 1:
                target = self.items[0]  # "with each working group led by ..." closes item (c)
            target.lines.append(stripped)
            return
        if self.scope == "main" or self.scope == "annex_1":
            if self.paragraph is None:
                raise InputError(at(self.path, number), f"text outside any paragraph: {stripped[:40]!r}")
            self.paragraph.lines.append(stripped)  # paragraph 28's closing sentence
            self.items = []
            self.running = self.paragraph
            return
        if self.section is None:
            raise InputError(at(self.path, number), f"sub-heading outside a section: {stripped[:40]!r}")
        n = sum(1 for p in self.parts.values() if p.parent == self.section.id and p.kind == "Subsection") + 1
        self.subsection = self.add(f"{self.section.id}__sub_{n}", "Subsection", str(n), number,
                                   self.section.id, stripped)
        self.paragraph = self.running = None
        self.items = []

    def table_line(self, number: int, stripped: str) -> None:
        if "annex_3__table" not in self.parts:
            self.add("annex_3__table", "Table", "", number, "annex_3", "List of documents")
        if stripped == TABLE_HEADER:
            return
        if "\t" in stripped:
            self.row_count += 1
            self.add(f"annex_3__row_{self.row_count}", "TableRow", str(self.row_count), number,
                     "annex_3__table", text=stripped)
        else:
            self.add("annex_3__note", "Paragraph", "", number, "annex_3", text=stripped)


# ------------------------------------------------------------------------------ the source's checksums
# The annotations quote the source and point at its paragraphs: they hold only for the text they
# were made on. Its checksums are kept next to them (source.sha256); the build refuses any other
# text, and says which lines differ, from the checksum of each line.

RECORD_HEADER = """\
# The source text the annotations in this folder were made on: ccmkg build refuses any other.
# The sha256 line is the whole file's; then the first 12 hex digits of each line's sha256, in
# order, so that the build can say which lines changed. To accept a new text, check every
# annotation against it, delete this file and build again: the build records the new text.
"""


def line_digests(data: bytes) -> list[str]:
    return [hashlib.sha256(line).hexdigest()[:12] for line in data.split(b"\n")]


def source_record(path: Path) -> bytes:
    data = path.read_bytes()
    body = [f"sha256 {hashlib.sha256(data).hexdigest()}  {path.name}", *line_digests(data)]
    return (RECORD_HEADER + "\n".join(body) + "\n").encode("utf-8")


def check_source(path: Path, record: Path) -> None:
    """The source must be the text the annotations were made on (when its checksums are kept)."""
    if not record.exists():
        return  # a first build: it writes the record
    try:
        kept = [line for line in record.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
        data = path.read_bytes()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(record), f"cannot read: {exc}") from None
    if not kept or not re.fullmatch(r"sha256 [0-9a-f]{64}  \S.*", kept[0]):
        raise InputError(str(record), "malformed: expected a line 'sha256 HEX  FILE' after the comments")
    recorded, found = kept[0].split()[1], hashlib.sha256(data).hexdigest()
    if recorded == found:
        return
    changes, first = changed_lines(kept[1:], line_digests(data))
    raise InputError(at(path, first), f"the text differs from the one the annotations were made on "
                                      f"(sha256 {found}, {record.name} has {recorded}): {changes}; check "
                                      f"the annotations against it, then delete {record} to accept it")


def changed_lines(old: list[str], new: list[str]) -> tuple[str, int | None]:
    """What differs between two lists of line digests, in the new file's line numbers, and the
    first such line."""
    said, first = [], None
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        first = first or j1 + 1
        lines = f"line {j1 + 1}" if j2 - j1 == 1 else f"lines {j1 + 1}-{j2}"
        said.append({"replace": f"{lines} changed", "insert": f"{lines} added",
                     "delete": f"{i2 - i1} line(s) removed before line {j1 + 1}"}[op])
    if not said:
        return "the line checksums are the same, the whole file's is not", None
    return ", ".join(said[:5]) + (f" and {len(said) - 5} more changes" if len(said) > 5 else ""), first


def read_source(path: Path) -> Source:
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the source: {exc}") from None
    return Source(path, raw, Segmenter(path).run(raw))
