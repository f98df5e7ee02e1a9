"""The "qui fait quoi" guide compiler: actors.yaml in, website, leaflets, posters and audio out.

The pipeline runs in one direction: load → validate → model → render → write.
"""

__version__ = "0.1.0"
