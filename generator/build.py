"""`build`: check, then render every output into a staging folder, then publish it at once.

Like MkDocs' own build, all data is gathered and validated before anything is written; unlike
a plain build, the outputs replace the previous site only when every renderer succeeded.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.dates import epoch_of
from generator.errors import Problem
from generator.model import Guide
from generator.opendata.datainclusion import write_data_inclusion
from generator.pipeline import load_guide
from generator.render.search import index_site
from generator.render.site import SiteResult, render_site
from generator.urls import prefix
from generator.write import publish_dir, staging_dir

PROJECT_DIR = Path(__file__).resolve().parent.parent
MANIFEST = "manifest.json"
OPEN_DATA = "donnees"  # the data·inclusion export, published with the site


@dataclass(slots=True)
class BuildReport:
    site_dir: Path
    languages: int
    actors: int
    pages: int
    rendered: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"Built {self.pages} pages ({self.rendered} rendered, the others unchanged): "
            f"{self.actors} actors in {self.languages} languages, into {self.site_dir}/ "
            f"in {self.seconds:.1f} s."
        )


def build_guide_site(
    source: Path,
    site_dir: Path,
    today: date,
    project_dir: Path = PROJECT_DIR,
    cache_dir: Path | None = None,
) -> BuildReport:
    """Validate `source`, render the whole site and publish it into `site_dir` atomically.

    `cache_dir` (default: `.cache/` beside the site) keeps what a next build can reuse.
    """
    cache = (cache_dir or site_dir.parent / ".cache").resolve()
    started = time.monotonic()
    guide, warnings = load_guide(source, today)  # raises before anything is written
    # Same input, same bytes: dates written by MkDocs (sitemap) come from the data itself.
    os.environ["SOURCE_DATE_EPOCH"] = str(epoch_of(guide.last_verified))
    with staging_dir(site_dir) as stage:
        result = render_site(guide, stage, cache / "pages" / site_dir.name, today, project_dir)
        index_site(stage)
        write_data_inclusion(guide, stage / OPEN_DATA)
        write_manifest(stage, guide, result)
        publish_dir(stage, site_dir)
    return BuildReport(
        site_dir=site_dir,
        languages=len(guide.languages),
        actors=len(guide.actors),
        pages=result.page_count,
        rendered=result.rendered,
        seconds=time.monotonic() - started,
        warnings=warnings,
    )


def manifest_data(guide: Guide, site: SiteResult) -> dict[str, Any]:
    """The public index of outputs; paths are relative to the site folder."""
    return {
        "site_url": guide.site_url,
        "default_language": guide.default_language.tag,
        "languages": [lang.tag for lang in guide.languages],
        "home": {lang.tag: f"{prefix(guide, lang)}index.html" for lang in guide.languages},
        "actors": [
            {
                "id": actor.id,
                "nom": actor.nom,
                "date_verification": actor.date_verification.isoformat(),
                "themes": list(actor.theme_ids),
                "pages": site.pages[actor.id],
                "audio": {},
            }
            for actor in guide.actors
        ],
        "print": [],
        "open_data": {
            "format": "data·inclusion v1",
            "structures": f"{OPEN_DATA}/structures.json",
            "services": f"{OPEN_DATA}/services.json",
        },
    }


def write_manifest(out_dir: Path, guide: Guide, site: SiteResult) -> None:
    data = manifest_data(guide, site)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    (out_dir / MANIFEST).write_text(text, encoding="utf-8")
