"""docs/authoring.md: every error code is documented, and every example still gives its code."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from story.checking.checker import check_path
from story.core.codes import Code
from tests import ROOT

from .helpers import HANDOUT, SCENES

GUIDE = ROOT / "docs" / "authoring.md"
_CODE = re.compile(r"\b([EW]\d{3})\b")
_SECTION = re.compile(r"^#### ([EW]\d{3})\n(.*?)(?=^#### |^## |\Z)", re.M | re.S)
_EXAMPLE = re.compile(r"<!-- example: ([\w.-]+) -->\n```yaml\n(.*?)```", re.S)


def _sections() -> dict[str, str]:
    return {code: body for code, body in _SECTION.findall(GUIDE.read_text(encoding="utf-8"))}


def _codes_in_code() -> set[str]:
    """Every code the registry declares; rules emit only registered codes (Diagnostic checks it)."""
    return {str(code) for code in Code}


def test_every_registered_code_is_in_the_guide_under_its_family() -> None:
    guide = GUIDE.read_text(encoding="utf-8")
    missing = _codes_in_code() - set(_sections())
    assert not missing, f"error codes missing from docs/authoring.md: {sorted(missing)}"
    for code in Code:
        family = guide.index(f"### {code.family.heading} (")
        assert family < guide.index(f"#### {code}\n"), f"{code} is not under '{code.family.heading}'"
        assert code.documentation == f"docs/authoring.md#{code.lower()}"


def test_the_guide_documents_no_code_that_does_not_exist() -> None:
    unknown = set(_sections()) - _codes_in_code()
    assert not unknown, f"docs/authoring.md documents codes the checker never gives: {sorted(unknown)}"


def test_the_readme_table_is_the_registry() -> None:
    """The README's code table lists every registered code, in order, with its summary and fix."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([EW]\d{3}) \| (.*) \| (.*) \|$", readme, flags=re.M)
    expected = [(str(code), code.summary, code.fix) for code in Code]
    assert rows == expected, "\n".join(f"| {c} | {s} | {f} |" for c, s, f in expected)


def test_every_code_has_a_fix() -> None:
    for code, body in _sections().items():
        assert "**Fix:**" in body, code
        assert code in body, f"{code}: the example output shows the code"


EXAMPLES = [
    (code, match.group(1), match.group(2))
    for code, body in _sections().items()
    for match in [_EXAMPLE.search(body)]
    if match is not None
]


def test_most_codes_have_a_runnable_example() -> None:
    assert len(EXAMPLES) >= 35


@pytest.mark.parametrize(("code", "file", "yaml"), EXAMPLES, ids=[code for code, _, _ in EXAMPLES])
def test_example_gives_its_code(tmp_path: Path, code: str, file: str, yaml: str) -> None:
    root = tmp_path / "story"
    shutil.copytree(HANDOUT, root)
    # The story keeps its sources manifest in its own folder, as the guide's examples do.
    manifest = (SCENES / "sources.yaml").read_text(encoding="utf-8")
    (root / "sources.yaml").write_text(manifest.replace("../seeds/", f"{ROOT.as_posix()}/seeds/"), encoding="utf-8")
    for path in root.glob("*.yaml"):
        path.write_text(
            path.read_text(encoding="utf-8").replace("../../../../../scenes/sources.yaml", "sources.yaml"),
            encoding="utf-8",
        )
    (root / file).write_text(yaml.replace("../seeds/", f"{ROOT.as_posix()}/seeds/"), encoding="utf-8")
    report = check_path(root)
    codes = [d.code for d in report.diagnostics]
    assert code in codes, f"the guide's example for {code} gives {codes}"
