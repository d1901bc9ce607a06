"""Near-duplicate signatures: MinHash over word 3-shingles, and LSH band keys.

Words are hashed once each (CRC-32, stable across processes and machines, unlike `hash()`), the
shingle hashes are combined and mixed in NumPy, and the 128 affine permutations run as one array
operation: about a tenth of a millisecond for a 3 KB article.

LSH with 16 bands of 8 rows finds pairs of Jaccard similarity 0.8 with probability 0.95 and 0.9
with 0.9999; a candidate is linked when its estimated similarity is at least the threshold.
Texts with fewer shingles than MIN_SHINGLES are only de-duplicated exactly.
"""
from __future__ import annotations

import hashlib
import re
import zlib

import numpy as np

NUM_PERM, BANDS, ROWS = 128, 16, 8
SHINGLE = 3
MIN_SHINGLES = 20
_WORD = re.compile(r"\w+")
# fixed, so that signatures computed on any machine and in any run compare
_rng = np.random.RandomState(20251107)
# multiply-shift permutations: odd 64-bit multipliers, the high 32 bits of (a·h + b) mod 2^64
_A = _rng.randint(0, 1 << 63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_B = _rng.randint(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


_WORD_HASHES: dict[str, int] = {}


def _word_hash(word: str) -> int:
    value = _WORD_HASHES.get(word)
    if value is None:
        value = zlib.crc32(word.encode("utf-8"))
        if len(_WORD_HASHES) < 500_000:  # news repeats its words; the cache stays bounded
            _WORD_HASHES[word] = value
    return value


def shingle_hashes(text: str) -> np.ndarray:
    """Distinct 32-bit hashes of the text's word 3-shingles (case-folded)."""
    words = _WORD.findall(text.casefold())
    if len(words) < SHINGLE:
        return np.empty(0, dtype=np.uint64)
    w = np.fromiter(map(_word_hash, words), dtype=np.uint64, count=len(words))
    n = len(words) - SHINGLE + 1
    with np.errstate(over="ignore"):  # wrap-around multiplication is the point of the mixing
        h = w[:n] * _MIX[0] + w[1:n + 1] * _MIX[1] + w[2:n + 2] * _MIX[2]
        h ^= h >> np.uint64(29)
        h *= _MIX[1]
        h ^= h >> np.uint64(32)
    return np.unique(h >> np.uint64(32))


def signature(text: str) -> bytes | None:
    """The MinHash signature of a text (128 × uint32, little-endian bytes), or None if too short."""
    hashes = shingle_hashes(text)
    if len(hashes) < MIN_SHINGLES:
        return None
    with np.errstate(over="ignore"):
        permuted = np.multiply.outer(_A, hashes)
        permuted += _B[:, None]
    # the shift is monotonic, so it can follow the minimum
    return (permuted.min(axis=1) >> np.uint64(32)).astype("<u4").tobytes()


def band_keys(sig: bytes) -> list[tuple[int, int]]:
    width = ROWS * 4
    return [(b, int.from_bytes(hashlib.blake2b(sig[b * width:(b + 1) * width], digest_size=8).digest(), "little"))
            for b in range(BANDS)]


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal signature slots."""
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))
