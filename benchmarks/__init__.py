"""Benchmarks that measure Lisko; not shipped with it (the wheel holds lisko, matching,
workers, api and web). `python -m benchmarks.api` measures the API. The matching benchmark
still lives in `matching/bench.py` (the `lisko-match-bench` script)."""
