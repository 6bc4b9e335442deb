"""Matching: near-duplicate reports (MinHash/LSH) and claims against existing events."""
