"""Silent data changes, on a copy of the project: a key given twice in an annotation file, a source
text that is not the one the annotations were made on, temporary files left by a stopped build.
Each build runs as the real process (`python -m ccmkg.cli build`)."""
from __future__ import annotations

from ..conftest import run_cli
from .conftest import one_error_line

ANNOTATIONS = "data/annotations/CCM-MSP-2011-5"


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle, start=1):
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if n >= start and line.startswith(needle))


def test_a_second_meeting_key_does_not_move_the_participant_lists(copy):
    """participation.yaml says `meeting: meeting/msp-2` (paragraphs 8-14 are about the Second
    Meeting); a second `meeting:` key at the end would move every list to the First Meeting."""
    path = copy / ANNOTATIONS / "participation.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "meeting: meeting/msp-1\n", encoding="utf-8")
    first, second = line_of(path, "meeting: meeting/msp-2"), line_of(path, "meeting: meeting/msp-1")
    message = one_error_line(run_cli("--root", str(copy), "build"))
    assert f"participation.yaml:{second}: key 'meeting' given twice" in message
    assert f"participation.yaml:{first}" in message
    assert not (copy / "dist").exists()


def test_a_second_stated_count_does_not_replace_the_first(copy):
    """Paragraph 8 states "46 parties"; a second `stated:` in its entry would make it 45."""
    path = copy / ANNOTATIONS / "participation.yaml"
    edit(path, "    stated: 46\n", "    stated: 46\n    stated: 45\n")
    first = line_of(path, "    stated: 46")
    message = one_error_line(run_cli("--root", str(copy), "build"))
    assert f"participation.yaml:{first + 1}: key 'stated' given twice" in message
    assert f"participation.yaml:{first}" in message


def test_a_changed_source_outside_any_quote_is_refused_naming_the_line(copy):
    """The heading of section II, which no annotation quotes: "Organization" respelled."""
    source = copy / "data" / "source" / "CCM-MSP-2011-5.txt"
    line = line_of(source, "II. Organization of the Second Meeting")
    edit(source, "II. Organization of the Second Meeting", "II. Organisation of the Second Meeting")
    before = {p.name: p.read_bytes() for p in (copy / "data" / "ttl").rglob("*.ttl")}
    message = one_error_line(run_cli("--root", str(copy), "build"))
    assert f"CCM-MSP-2011-5.txt:{line}: the text differs from the one the annotations were made on" in message
    assert f"line {line} changed" in message
    assert "source.sha256" in message
    assert {p.name: p.read_bytes() for p in (copy / "data" / "ttl").rglob("*.ttl")} == before
    assert not (copy / "dist").exists()


def test_stale_temporary_files_are_removed_by_the_next_build(copy):
    """What write_all leaves when stopped between writing and renaming (.NAME.XXXXXXXX.tmp)."""
    (copy / "dist").mkdir()
    stale = [copy / "data" / "ttl" / ".participation.ttl.k2_9xq0a.tmp", copy / "dist" / ".ccm.ttl.abcd1234.tmp"]
    for path in stale:
        path.write_bytes(b"half a file")
    someone_elses = copy / "data" / "ttl" / "notes.tmp"
    someone_elses.write_bytes(b"not written by ccmkg")
    result = run_cli("--root", str(copy), "build")
    assert result.returncode == 0, result.stderr
    assert [p for p in stale if p.exists()] == []
    assert someone_elses.exists()
