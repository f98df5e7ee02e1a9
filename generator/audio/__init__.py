"""Audio: a spoken clip for every actor in every language, and the page behind each QR code.

`render_audio` (generator.audio.render) is what the build calls; `generator.audio.coverage`
is what `.venv/bin/python -m generator audio --report` prints. See audio/README.md for human
recordings and the cache. Nothing is imported here, so that the eSpeak NG worker
(`.venv/bin/python -m generator.audio.espeak`) starts fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_CACHE_DIR", "AudioResult", "render_audio"]


def __getattr__(name: str) -> Any:
    if name == "DEFAULT_CACHE_DIR":
        from generator.audio.cache import DEFAULT_CACHE_DIR

        return DEFAULT_CACHE_DIR
    if name in ("AudioResult", "render_audio"):
        from generator.audio import render

        return getattr(render, name)
    raise AttributeError(name)
