"""Near-copies among registrations: Jaccard similarity of 3-word shingles of the normalised text
(diacritics, case and punctuation removed), ignoring shingles that most of the batch shares
(stock phrases), with an inverted index so only pairs sharing a shingle are compared."""

import re
from collections import defaultdict
from dataclasses import dataclass

from hocbac.core.text import fold

THRESHOLD = 0.5
SHINGLE = 3
COMMON_SHARE = 0.2  # a shingle in more than this share of the batch is a stock phrase


@dataclass(frozen=True)
class NearCopy:
    a_key: object
    b_key: object
    score: float


def normalise(text):
    return " ".join(re.sub(r"[^\w\s]", " ", fold(text or "")).split())


def shingles(text, size=SHINGLE):
    words = normalise(text).split()
    return {" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))} if words else set()


def _jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


def similarity(a, b):
    return _jaccard(shingles(a), shingles(b))


def near_copies(items, *, threshold=THRESHOLD):
    items = [(key, shingles(text)) for key, text in items]
    frequency = defaultdict(int)
    for _, sets in items:
        for shingle in sets:
            frequency[shingle] += 1
    limit = max(2, COMMON_SHARE * len(items))
    rare = [(key, {s for s in sets if frequency[s] <= limit}) for key, sets in items]
    index = defaultdict(list)
    for position, (_, sets) in enumerate(rare):
        for shingle in sets:
            index[shingle].append(position)
    candidates = {(i, j) for positions in index.values() for n, i in enumerate(positions) for j in positions[n + 1:]}
    found = []
    for i, j in candidates:
        score = _jaccard(rare[i][1], rare[j][1])
        if score >= threshold:
            found.append(NearCopy(rare[i][0], rare[j][0], score))
    return sorted(found, key=lambda pair: -pair.score)


def compare(a, b):
    """Both texts as [(word, shared)] lists: a word is shared when a 3-word run holding it
    appears in the other text."""
    return [_marked(a, shingles(b)), _marked(b, shingles(a))]


def _marked(text, other):
    words = (text or "").split()
    folded = normalise(text).split()
    shared = [False] * len(words)
    if len(folded) == len(words):
        for i in range(len(words) - SHINGLE + 1):
            if " ".join(folded[i:i + SHINGLE]) in other:
                for k in range(i, i + SHINGLE):
                    shared[k] = True
    return list(zip(words, shared, strict=False))
