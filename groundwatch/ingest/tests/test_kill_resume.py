"""An import killed (SIGKILL) at random moments resumes with no lost, partial or doubled batch.

The normal suite runs GROUNDWATCH_KILL_ROUNDS rounds (default 1); ``bench/kill_resume.py`` runs 20.
"""

from __future__ import annotations

import os

from .killresume import one_round, prepare

ROWS = 10_000  # long enough that the random kills land while rows are being written
BATCH = 250


def test_killed_imports_resume_without_loss_or_duplicates(tmp_path):
    pristine, data_file = prepare(tmp_path, ROWS)
    rounds = int(os.environ.get("GROUNDWATCH_KILL_ROUNDS", "1"))
    total_kills = 0
    for seed in range(rounds):
        result = one_round(pristine, data_file, tmp_path, seed, BATCH)
        total_kills += result.kills
        assert (result.events, result.claims, result.records, result.rows_done) == (ROWS, ROWS, ROWS, ROWS)
        assert result.batches == list(range(ROWS // BATCH))
    assert total_kills > 0, "the import finished before any kill; the test proved nothing"
