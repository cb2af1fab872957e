"""The documentation a clone holds (issue 15): every relative link in a
Markdown file of the repository names a file that exists (and, with a
#fragment, a heading in it), so no link is broken in a clone."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def markdown_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "*.md"], cwd=ROOT, capture_output=True, text=True, check=False)
    if listed.returncode != 0:  # not a git checkout: every .md outside build folders
        return sorted(p for p in ROOT.rglob("*.md") if "build" not in p.relative_to(ROOT).parts[:1])
    return sorted(ROOT / line for line in listed.stdout.splitlines() if line)


def anchors(markdown: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to '-'."""
    found = set()
    for line in markdown.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            found.add(re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", title)))
    return found


@pytest.mark.parametrize("markdown", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_name_files_that_exist(markdown: Path) -> None:
    broken = []
    for target in LINK.findall(markdown.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue  # a web address, or a heading of this file
        path, _, fragment = target.partition("#")
        resolved = (markdown.parent / path).resolve()
        if not resolved.is_relative_to(ROOT):
            broken.append(f"{target}: outside the repository (a clone does not have it)")
        elif not resolved.exists():
            broken.append(f"{target}: no such file")
        elif fragment and resolved.suffix == ".md" and fragment not in anchors(resolved):
            broken.append(f"{target}: no heading #{fragment}")
    assert broken == [], f"{markdown.relative_to(ROOT)}: broken links: {broken}"


def test_the_contract_ships_with_the_project() -> None:
    contract = ROOT / "docs" / "plan-language.md"
    assert contract.read_text(encoding="utf-8").startswith("#")
    shared = ROOT.parent / "shared" / "spec" / "plan-language.md"
    if shared.exists():
        assert contract.read_bytes() == shared.read_bytes()
