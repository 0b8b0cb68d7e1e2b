"""What the hostile tests of the command line share: a copy of the project to break, and the
one-line error every bad input must give."""
from __future__ import annotations

import shutil

import pytest

from ..conftest import ROOT


@pytest.fixture
def copy(tmp_path):
    """The project's inputs and committed outputs, in a temporary folder."""
    for folder in ("data", "ontology", "shapes", "queries", "rules"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


def one_error_line(result) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ccmkg: error: "), result.stderr
    return lines[0]
