"""Near-duplicate texts by MinHash over word shingles: the same wire story from several outlets."""

from __future__ import annotations

import re
from collections.abc import Iterable

from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 4
SCHEME = "affine64"  # fixed, so stored signatures stay comparable across datasketch versions
THRESHOLD = 0.5  # estimated Jaccard similarity of 4-word shingles above which two texts are one story


def signature(text: str) -> list[int]:
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[index : index + SHINGLE]) for index in range(max(1, len(words) - SHINGLE + 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME)
    for shingle in shingles:
        minhash.update(shingle.encode("utf-8"))
    return [int(value) for value in minhash.hashvalues]


def _minhash(values: list[int]) -> MinHash:
    import numpy as np

    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.array(values, dtype=np.uint64), scheme=SCHEME)


def similarity(first: list[int], second: list[int]) -> float:
    return float(_minhash(first).jaccard(_minhash(second)))


def find_story(new: list[int], known: Iterable[tuple[int, list[int]]]) -> int | None:
    """The key of the known text the new one is a near-duplicate of (best match), or None."""
    index = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    signatures = {}
    for key, values in known:
        if len(values) == NUM_PERM:
            index.insert(str(key), _minhash(values))
            signatures[key] = values
    hits = [int(key) for key in index.query(_minhash(new))]
    if not hits:
        return None
    return max(hits, key=lambda key: similarity(new, signatures[key]))
