"""Gatehouse benchmark harness (SPEC §8), driven by bench/run. Standard library only."""
