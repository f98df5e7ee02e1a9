"""Time the clips alone: `python -m bench.audio [--actors 50] [--workers N] [--languages fr,en]`.

Makes every clip of a synthetic guide offline (eSpeak NG) into an empty cache, one language
after another, and reports for each: wall time, CPU time (this process and its workers),
clips, clips per second, seconds of audio, and eSpeak NG jobs (more than the clips when some
were made again shorter). The JSON goes to bench/results/audio-<actors>-<date>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import time
from datetime import date
from typing import Any

from bench.run import LANGUAGES, RESULTS, TODAY, WORK, describe_machine
from bench.synthetic import write_guide


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have ended."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(actors: int, languages: list[str]) -> list[dict[str, Any]]:
    from generator.audio import workers
    from generator.audio.render import make_clips
    from generator.pipeline import load_guide

    folder = WORK / f"audio-{actors}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    source = write_guide(folder / "actors.yaml", actors, LANGUAGES)
    guide, _problems = load_guide(source, date.fromisoformat(TODAY))
    jobs = {"count": 0}
    submit = workers.submit

    def counted(voice: str, ssml: str, output: str) -> Any:
        jobs["count"] += 1
        return submit(voice, ssml, output)

    workers.submit = counted  # type: ignore[assignment]
    rows = []
    for tag in languages:
        jobs["count"] = 0
        cpu, start = cpu_seconds(), time.perf_counter()
        outcomes, warnings = make_clips(
            guide,
            project_dir=folder,
            cache_dir=folder / "cache",
            offline=True,
            progress=False,
            today=date.fromisoformat(TODAY),
            languages=frozenset({tag}),
        )
        workers.close_pool()  # the workers' CPU time is counted once they have ended
        wall, used = time.perf_counter() - start, cpu_seconds() - cpu
        clips = [outcome.clip for *_rest, outcome in outcomes if outcome.clip is not None]
        row = {
            "language": tag,
            "wall_s": round(wall, 1),
            "cpu_s": round(used, 1),
            "clips": len(clips),
            "clips_per_s": round(len(clips) / wall, 2),
            "audio_s": round(sum(clip.info.seconds for clip in clips), 1),
            "espeak_jobs": jobs["count"],
            "warnings": warnings,
        }
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    workers.submit = submit  # type: ignore[assignment]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.audio", description=__doc__)
    parser.add_argument("--actors", type=int, default=50)
    parser.add_argument("--workers", type=int, help="eSpeak NG workers (default: the cores)")
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    args = parser.parse_args(argv)
    if args.workers:
        os.environ["QFQ_AUDIO_WORKERS"] = str(args.workers)
    rows = measure(args.actors, args.languages.split(","))
    wall = sum(row["wall_s"] for row in rows)
    clips = sum(row["clips"] for row in rows)
    total = {
        "wall_s": round(wall, 1),
        "cpu_s": round(sum(row["cpu_s"] for row in rows), 1),
        "clips": clips,
        "clips_per_s": round(clips / wall, 2) if wall else 0.0,
        "audio_s": round(sum(row["audio_s"] for row in rows), 1),
    }
    print(json.dumps(total), flush=True)
    RESULTS.mkdir(exist_ok=True)
    out = RESULTS / f"audio-{args.actors}-{date.today().isoformat()}.json"
    report = {"machine": describe_machine(), "languages": rows, "total": total}
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written: {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
