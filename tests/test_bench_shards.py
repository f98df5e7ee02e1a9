"""The shard bench's report: totals only once every shard and the assembly ran; a run cut
short says what it measured and gives no total (bench/shards.py)."""

from __future__ import annotations

from typing import Any

from bench.shards import STAGES, markdown, totals

MACHINE = {
    "commit": "abc1234",
    "cpu": "test CPU",
    "cores": 2,
    "memory": "4 GiB",
    "python": "3.11",
    "date": "d",
}
LANGS = ["fr", "ar"]


def partial() -> dict[str, Any]:
    return {
        "actors": 2000,
        "languages": 2,
        "communes": 40,
        "shard_seconds": {"audio": {"fr": 400.0, "ar": 380.0}, "print": {"fr": 900.0}, "pages": {}},
        "shard_peak_mb": {"audio": {"fr": 300.0, "ar": 290.0}, "print": {"fr": 640.0}, "pages": {}},
        "shard_made": {
            "audio": {"fr": {"clips": 2000}, "ar": {"clips": 2000}},
            "print": {"fr": {"pdfs": 900}},
            "pages": {},
        },
    }  # fmt: skip


def test_a_run_cut_short_gives_no_total_and_says_so() -> None:
    result = partial()
    totals(result)
    assert result["complete"] is False
    assert "one_runner_s" not in result
    text = markdown(result, MACHINE, LANGS)
    assert "**Incomplete**: 3 of 6 shards measured, no assembly" in text
    assert "| print | 900.0 | — | 900.0 |" in text
    assert "| pages | — | — | — |" in text
    assert "| audio | 2000 clips · 300.0 MB | 2000 clips · 290.0 MB |" in text
    assert "2000 places × 2 languages in 40 communes" in text
    assert "code at abc1234" in text  # the code measured


def test_totals_once_every_shard_and_the_assembly_ran() -> None:
    result = partial()
    result["shard_seconds"]["print"]["ar"] = 100.0
    result["shard_seconds"]["pages"] = {"fr": 60.0, "ar": 50.0}
    for stage in STAGES:
        result["shard_peak_mb"][stage] = dict.fromkeys(LANGS, 1.0)
    totals(result)
    assert result["complete"] is False  # no assembly yet
    result.update(assembly_s=30.0, assembly_peak_mb=500.0, assembly_made_nothing=True)
    totals(result)
    assert result["complete"] is True
    assert result["one_runner_s"] == 400 + 380 + 900 + 100 + 60 + 50 + 30
    assert result["runners_per_language_estimate_s"] == 400 + 900 + 60 + 30
    text = markdown(result, MACHINE, LANGS)
    assert "made nothing again: yes" in text
    assert "Wall time with 1 runner (every shard, then the assembly): 1920.0 s." in text
    assert "Incomplete" not in text
