"""The bench's "every output" figures: a first build with clips and PDFs, then the same
build again (nothing to make) and one actor edited, each in a fresh process.

Website ratios (no-change / full, one-edit / full) are measured on website-only builds
(`--no-audio --no-print`, see bench/run.py); this measures what audio and print cost at
scale: clips per second, PDF pages per second, peak memory and output size.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

OPTIONS = {"offline": True}  # eSpeak NG: the voice that needs no network (gTTS cannot here)


def all_outputs(
    source: Path,
    folder: Path,
    run_build: Callable[[Path, Path, dict[str, Any]], dict[str, Any]],
    edit: Callable[[Path], object],
    size: Callable[[Path], int],
) -> dict[str, Any]:
    """Build `source` with every output into `folder` from nothing; the figures of that build."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    copy = folder / "actors.yaml"
    shutil.copyfile(source, copy)
    site = folder / "site"
    full = run_build(copy, site, OPTIONS)
    again = run_build(copy, site, OPTIONS)
    edit(copy)
    edited = run_build(copy, site, OPTIONS)
    timings = full.get("timings", {})
    prints = json.loads((site / "manifest.json").read_text(encoding="utf-8")).get("print", [])
    pdf_pages = sum(int(entry.get("pages") or 0) for entry in prints)
    clips = full["clips"].get("synthesised", 0)
    audio_s, print_s = timings.get("audio", 0.0), timings.get("print", 0.0)
    return {
        "full_s": round(full["seconds"], 1),
        "timings": timings,
        "clips": clips,
        "clips_missing": full["clips"].get("missing", 0),
        "clips_per_s": round(clips / audio_s, 2) if audio_s else None,
        "pdfs": len(prints),
        "pdf_pages": pdf_pages,
        "pdf_pages_per_s": round(pdf_pages / print_s, 2) if print_s else None,
        "no_change_s": round(again["seconds"], 2),
        "one_edit_s": round(edited["seconds"], 1),
        "one_edit_timings": edited.get("timings", {}),
        "one_edit_clips": edited["clips"].get("synthesised", 0),
        "one_edit_pdfs": edited["pdfs"].get("rendered", 0),
        "peak_memory_mb": round(
            max(full["peak_rss_mb"], again["peak_rss_mb"], edited["peak_rss_mb"]), 1
        ),
        "output_mb": round(size(site) / 1e6, 1),
    }


COLUMNS = [
    ("actors", "actors"),
    ("languages", "langs"),
    ("full_s", "full s"),
    ("audio_s", "audio s"),
    ("clips", "clips"),
    ("clips_per_s", "clips/s"),
    ("print_s", "print s"),
    ("pdfs", "PDFs"),
    ("pdf_pages", "PDF pages"),
    ("pdf_pages_per_s", "PDF pages/s"),
    ("site_s", "site s"),
    ("no_change_s", "no-change s"),
    ("one_edit_s", "1-edit s"),
    ("peak_memory_mb", "peak MB"),
    ("output_mb", "out MB"),
]


def outputs_table(results: list[dict[str, Any]]) -> str:
    """One row per size measured with every output ("" when a size was not)."""
    rows = [r for r in results if r.get("all_outputs")]
    if not rows:
        return ""
    lines = [
        "| " + " | ".join(title for _, title in COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    for row in rows:
        figures = dict(row["all_outputs"])
        timings = figures.get("timings", {})
        figures.update(
            actors=row["actors"],
            languages=row["languages"],
            audio_s=timings.get("audio", ""),
            print_s=timings.get("print", ""),
            site_s=timings.get("site", ""),
        )
        lines.append("| " + " | ".join(str(figures.get(key, "")) for key, _ in COLUMNS) + " |")
    return "\n".join(lines)
