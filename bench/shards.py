"""Time a first build spread over machines: `python -m bench.shards [--actors 50]`.

Runs every shard of the first-build workflow one after another on this machine (each in a
fresh process, as a CI job would), then the assembly, and reports: each shard's time, what it
made (clips, PDFs) and its peak memory, the wall time with one runner (the sum), the estimate
with one runner per language (the longest shard of each stage, one stage after the other,
plus the assembly), and whether the assembly made anything again. Results go to
bench/results/shards-<actors>-<date>.json and .md, written again after every shard: a run cut
short (hours at 2,000 places on 2 cores) leaves what it measured, marked incomplete.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from bench.run import LANGUAGES, RESULTS, ROOT, TODAY, WORK, describe_machine
from bench.synthetic import write_guide

STAGES = ("audio", "print", "pages")
MADE = {
    "clips": re.compile(r"Audio: (\d+) clips synthesised"),
    "pdfs": re.compile(r"Print: (\d+) PDFs laid out"),
}


def run(*args: str) -> dict[str, Any]:
    """One `generator build` in its own process: wall time, peak memory, what it made."""
    start = time.monotonic()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as out:
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", "build", *args],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CI": "true"},
        )
        # wait4: this child's own rusage; its peak is the largest of it and its workers.
        _pid, status, usage = os.wait4(child.pid, 0)
        seconds = time.monotonic() - start
        out.seek(0)
        summary = out.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"generator build {' '.join(args)} failed:\n{summary}")
    made = {key: int(m.group(1)) for key, rx in MADE.items() if (m := rx.search(summary))}
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        **made,
        "summary": summary,
    }


def totals(result: dict[str, Any]) -> None:
    """The one-runner sum and the one-runner-per-language estimate, once every shard ran."""
    times = result["shard_seconds"]
    measured = sum(len(stage) for stage in times.values())
    result["complete"] = measured == len(STAGES) * result["languages"] and "assembly_s" in result
    if not result["complete"]:
        return
    assembly = result["assembly_s"]
    result["one_runner_s"] = round(sum(sum(s.values()) for s in times.values()) + assembly, 1)
    result["runners_per_language_estimate_s"] = round(
        sum(max(s.values()) for s in times.values()) + assembly, 1
    )


def bench_shards(
    actors: int,
    languages: list[str],
    communes: int,
    save: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, Any]:
    folder = WORK / f"shards-{actors}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = write_guide(folder / "actors.yaml", actors, languages, communes)
    common = [
        "--source", str(source),
        "--site-dir", str(folder / "site"),
        "--cache-dir", str(folder / ".cache"),
        "--today", TODAY,
        "--offline",
    ]  # fmt: skip
    result: dict[str, Any] = {
        "actors": actors,
        "languages": len(languages),
        "communes": communes or 1,
        "shard_seconds": {stage: {} for stage in STAGES},
        "shard_peak_mb": {stage: {} for stage in STAGES},
        "shard_made": {stage: {} for stage in STAGES},
    }
    # Stage after stage, as in the workflow: a print shard needs every language's clips.
    for stage in STAGES:
        for lang in languages:
            shard = run(*common, "--shard", f"{stage}:{lang}")
            result["shard_seconds"][stage][lang] = shard["seconds"]
            result["shard_peak_mb"][stage][lang] = shard["peak_rss_mb"]
            result["shard_made"][stage][lang] = {k: shard[k] for k in MADE if k in shard}
            print(f"{stage}:{lang} {shard['seconds']} s", file=sys.stderr, flush=True)
            totals(result)
            if save:
                save(result)
    assembly = run(*common)
    summary = assembly["summary"]
    result["assembly_s"] = assembly["seconds"]
    result["assembly_peak_mb"] = assembly["peak_rss_mb"]
    result["assembly_made_nothing"] = all(
        phrase in summary
        for phrase in ("Audio: 0 clips synthesised", "Print: 0 PDFs laid out", "(0 rendered,")
    )
    result["summary"] = summary.strip().splitlines()[-4:]
    totals(result)
    if save:
        save(result)
    return result


def cell(values: dict[str, Any], lang: str) -> str:
    return str(values[lang]) if lang in values else "—"


def markdown(result: dict[str, Any], machine: dict[str, Any], languages: list[str]) -> str:
    communes = result.get("communes", 1)
    lines = [
        f"# First build in shards: {result['actors']} places × {result['languages']} languages"
        + (f" in {communes} communes" if communes > 1 else ""),
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, "
        f"Python {machine['python']}, {machine['date']}, code at {machine.get('commit', '')}. "
        "Offline voice (eSpeak NG).",
        "",
        "Seconds per shard (— not measured):",
        "",
        "| stage | " + " | ".join(languages) + " | longest |",
        "|---|" + "---|" * (len(languages) + 1),
    ]
    for stage, times in result["shard_seconds"].items():
        cells = " | ".join(cell(times, lang) for lang in languages)
        lines.append(f"| {stage} | {cells} | {max(times.values(), default='—')} |")
    lines += ["", "Made by each shard, and its peak memory (MB, the process or a worker):", ""]
    lines += ["| stage | " + " | ".join(languages) + " |", "|---|" + "---|" * len(languages)]
    for stage in STAGES:
        made = result["shard_made"][stage]
        peaks = result["shard_peak_mb"][stage]
        cells = []
        for lang in languages:
            if lang not in peaks:
                cells.append("—")
                continue
            what = ", ".join(f"{n} {k}" for k, n in made.get(lang, {}).items())
            cells.append(f"{what + ' · ' if what else ''}{peaks[lang]} MB")
        lines.append(f"| {stage} | " + " | ".join(cells) + " |")
    lines.append("")
    if not result.get("complete"):
        measured = sum(len(s) for s in result["shard_seconds"].values())
        lines += [
            f"**Incomplete**: {measured} of {len(STAGES) * len(languages)} shards measured"
            + ("" if "assembly_s" in result else ", no assembly")
            + ": the run was cut short (or is still running); no total is given.",
            "",
        ]
        return "\n".join(lines)
    lines += [
        f"Assembly from the caches: {result['assembly_s']} s (peak "
        f"{result['assembly_peak_mb']} MB); made nothing again: "
        f"{'yes' if result['assembly_made_nothing'] else 'NO'}.",
        f"Wall time with 1 runner (every shard, then the assembly): {result['one_runner_s']} s.",
        f"Estimate with one runner per language (longest shard of each stage, then the "
        f"assembly; job start-up not included): {result['runners_per_language_estimate_s']} s.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=50)
    parser.add_argument("--communes", type=int, default=0, help="as in `python -m bench`")
    args = parser.parse_args(argv)
    machine = describe_machine()
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"shards-{args.actors}-{machine['date']}"

    def save(result: dict[str, Any]) -> None:
        stem.with_suffix(".json").write_text(
            json.dumps({"machine": machine, **result}, indent=2) + "\n", encoding="utf-8"
        )
        stem.with_suffix(".md").write_text(markdown(result, machine, LANGUAGES), encoding="utf-8")

    result = bench_shards(args.actors, LANGUAGES, args.communes, save)
    print(markdown(result, machine, LANGUAGES))
    return 0 if result["assembly_made_nothing"] else 1


if __name__ == "__main__":
    sys.exit(main())
