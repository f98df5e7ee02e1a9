"""Benchmarks of the guide compiler: `python -m bench` (see bench/run.py)."""
