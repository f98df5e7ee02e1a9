"""Validators nobody here wrote: the W3C Nu HTML Checker (npm `vnu-jar`, run with Java)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, require_tool

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def vnu_errors(folder: Path) -> list[str]:
    """Every error the Nu checker finds in the HTML files under `folder`, one line each."""
    java = require_tool("java")
    if not VNU.is_file():
        require_tool("npm")
        pytest.fail("vnu-jar is missing: run `npm ci` (make test does it)")
    done = subprocess.run(
        [
            java,
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(folder),
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    report = json.loads(done.stderr or done.stdout or '{"messages": []}')
    return [
        f"{m.get('url', '').split(str(folder), 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m.get("type") in ("error", "non-document-error")
    ]
