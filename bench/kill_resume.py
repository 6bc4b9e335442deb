"""Kill-and-resume: SIGKILL an ACLED import at random moments, 20 rounds; every round must end exact.

.venv/bin/python bench/kill_resume.py [--rounds 20] [--rows 20000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from groundwatch.ingest.tests.killresume import one_round, prepare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=250)
    options = parser.parse_args()
    passed = killed = kills = 0
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        pristine, data_file = prepare(work, options.rows)
        for seed in range(options.rounds):
            result = one_round(pristine, data_file, work, seed, options.batch_size)
            expected = options.rows
            exact = (result.events, result.claims, result.records, result.rows_done) == (expected,) * 4
            contiguous = result.batches == list(range(-(-expected // options.batch_size)))
            ok = exact and contiguous
            passed += ok
            killed += result.kills > 0
            kills += result.kills
            print(
                f"round {seed + 1:2}: {result.kills} kills, {result.events} events, {result.claims} claims, "
                f"{len(result.batches)} batches — {'ok' if ok else 'FAILED'}",
                flush=True,
            )
    print(
        f"{passed}/{options.rounds} rounds exact ({killed} rounds killed at least once, {kills} kills in all)"
    )
    return 0 if passed == options.rounds else 1


if __name__ == "__main__":
    raise SystemExit(main())
