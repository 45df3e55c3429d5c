"""Near-copy detection for yearly registrations (đăng ký làm theo, cam kết nêu gương).

The commonest weakness the press reports is a registration copied from a colleague's, or from
one's own of last year, with a few words changed. This module finds such pairs in a batch (one
organisation's registrations of a year, or this year's against last year's) and shows a pair side
by side with the shared passages marked. Pure Python, no models: callers pass (key, text) pairs.

The measure
-----------
Texts are normalised (diacritics folded, lower case, punctuation dropped, every number replaced
by the placeholder ``0``) and cut into overlapping **word 3-shingles**: three consecutive
syllables, about one Vietnamese word or a short phrase. A pair is scored by the **weighted
Jaccard resemblance** of the two shingle sets, ``w(A ∩ B) / w(A ∪ B)``, where a shingle's weight
falls with the number of texts of the batch that contain it (below): 1 for identical texts, 0
for texts with no phrase in common.

Why this measure:

* The edits a copier makes cost little. A swapped word breaks at most 3 shingles, a moved
  sentence at most 6 (the joins at its old and new place), a changed name 3, a changed number
  nothing (numbers are a placeholder), punctuation and diacritics nothing (both are dropped). A
  300-word registration with a few synonyms, a moved sentence and a new name keeps about 85% of
  its shingles.
* Independent texts score low even on the same subject with the same vocabulary: 3-shingles
  capture phrasing, not topic. Two teachers writing about tutoring weak pupils share words but
  few three-word runs.
* Jaccard rather than containment (``|A ∩ B| / min(|A|, |B|)``): containment makes a short text
  made of stock sentences "contained" in any long one; Jaccard asks that most of both texts be
  shared, which is what "nearly the same registration" means. A copy with a paragraph added still
  scores well (300 shared words plus 100 new ones give 0.75).
* Word shingles rather than character n-grams: folding already absorbs the diacritic and typing
  variants character n-grams would catch, and character n-grams make unrelated texts on the same
  subject look alike (they share every common word).

Stock phrases
-------------
Everybody writes "thực hiện tốt nhiệm vụ được giao", "không ngừng học tập, nâng cao trình độ",
the title of Chỉ thị 05-CT/TW and the labels of the 27 manifestations; a cell may even copy its
committee's example wholesale. Such phrases must not make two registrations look copied. Within
a batch of N texts a shingle found in n of them weighs ``log(1 + N/n)``, the smoothed inverse
document frequency: a phrase every text has weighs 0.69, one only this text has 5.3 (N = 200) or
7.6 (N = 2,000). Sharing stock phrases therefore adds little to a pair's score, while what is
particular to a text, which a copy takes along, counts fully. The weighting is gradual, not a
cut-off: removing common shingles outright would leave a boilerplate-heavy registration only a
few particular shingles, and the handful a copier's edits break would then sink a true copy (on
the generated texts, dropping shingles found in over 5% of the batch brought the weakest copy
down to 0.59, against 0.72 with the weights). A reported pair must also share at least
``MIN_SHARED`` shingles (about a sentence), so that two near-empty texts are not reported.

``similarity(a, b)`` compares two texts alone: with no batch to learn stock phrases from, every
shingle weighs the same (plain Jaccard). ``near_copies(items, against=…)`` compares this year's
texts with last year's in one batch, stock phrases learnt from both years.

The threshold
-------------
``THRESHOLD = 0.5``: half of the two texts' weight in common. Measured on the generated
registrations of ``tests/texts.py`` (batches of 200 with 10 planted copies, ten seeds, every pair
scored): independent registrations score at most 0.26 in a batch, 0.33 when every text also
carries the same 150-word example from the committee; a lightly edited copy at least 0.72 (0.76
with the example). 0.5 sits inside that gap with more than 0.15 to spare on each side, so neither
a few more edits nor a more uniform batch crosses it. Plain Jaccard, what `similarity` computes
for two texts alone, separates plain batches as well (at most 0.33 against at least 0.83), but
with the committee's example independent pairs reach 0.52: stock phrases must be weighed down,
so compare a year against another with ``near_copies(…, against=…)`` rather than pair by pair.

Speed
-----
Pairs are not all compared. ``near_copies`` uses prefix filtering (Bayardo, Ma and Srikant,
"Scaling up all-pairs similarity search", 2007), with the size and positional filters of Xiao et
al. ("Efficient similarity joins for near duplicate detection", 2008), adapted to weights: with
every text's shingles in one order, heaviest first, two texts reaching the threshold share a
shingle among the heaviest of each, so only those go into an inverted index; a candidate pair is
dropped as soon as what it could still share cannot reach the threshold, and the survivors are
scored exactly. The result is exactly that of comparing every pair. ``bench/near_copies.py``
prints the figures: 200 registrations take about 3 times as long as merely normalising them,
2,000 about 6 times (3 s in all on the shared machine).
"""

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

from hocbac.core.text import fold

SHINGLE = 3  # words per shingle
THRESHOLD = 0.5  # resemblance from which a pair is reported
MIN_SHARED = 8  # shingles a reported pair must share, about one sentence
MIN_MARKED = 5  # words in a row before compare() marks a passage as shared

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W_]+")  # letters and digits; punctuation, symbols and "_" separate words
_CHUNK = re.compile(r"\S+")


@dataclass(frozen=True)
class NearCopy:
    """Two texts of a batch that are nearly the same, with their resemblance (0–1)."""

    a_key: object
    b_key: object
    score: float


def _tokens(text):
    """Normalised words of `text`: folded, numbers as '0', a run of numbers as one '0'
    (so '15/5/2016' and '2026' are both '0')."""
    words = _WORD.findall(_DIGITS.sub("0", fold(text)))
    tokens = []
    for word in words:
        if word == "0" and tokens and tokens[-1] == "0":
            continue
        tokens.append(word)
    return tokens


def normalise(text):
    """'Giải quyết 100% hồ sơ đúng hạn, không để trễ!' → 'giai quyet 0 ho so dung han khong de tre'.

    Diacritics folded, lower case, punctuation and symbols dropped, every number (with its
    separators: dates, percentages, document numbers) one placeholder '0', single spaces."""
    return " ".join(_tokens(text))


def _shingles(tokens):
    """The set of word 3-shingles; a text shorter than a shingle is one shingle of itself."""
    if len(tokens) < SHINGLE:
        return {tuple(tokens)} if tokens else set()
    return set(zip(*(tokens[i:] for i in range(SHINGLE)), strict=False))


def similarity(a, b):
    """Resemblance of two texts, 0 (nothing in common) to 1 (the same once normalised).

    Two texts alone have no batch to tell stock phrases from particular ones, so every shingle
    weighs the same (plain Jaccard): two texts built on the same long example can reach the
    threshold without being copies. Within a batch, and a year against another, use
    `near_copies` (with `against=`), which weighs stock phrases down."""
    a, b = _shingles(_tokens(a)), _shingles(_tokens(b))
    if not a or not b:
        return 0.0
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def weight(texts, containing):
    """Weight of a shingle found in `containing` of `texts` texts: log(1 + texts / containing),
    the smoothed inverse document frequency. A phrase everybody writes weighs 0.69, one only
    this text has about 5.3 in a batch of 200 and 7.6 in one of 2,000."""
    return math.log1p(texts / containing)


def near_copies(items, *, threshold=THRESHOLD, against=None):
    """Pairs of nearly identical texts, most alike first.

    `items` is a list of (key, text). Without `against`, pairs within `items` are reported, each
    once, `a_key` the one listed first. With `against` (another list of (key, text), e.g. last
    year's registrations), only pairs of an item and an `against` text are reported, `a_key` from
    `items` and `b_key` from `against`; stock phrases are learnt from both lists together.

    The score is the weighted resemblance of the pair, each shingle weighing `weight(…)` (stock
    phrases little), and a reported pair shares at least `MIN_SHARED` shingles."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    items = list(items)
    others = list(against) if against is not None else []
    batch = _Batch([text for _, text in items + others])
    if against is None:
        found = batch.pairs(threshold)
    else:
        found = batch.pairs(threshold, left=range(len(items)), right=range(len(items), batch.size))
    keys = [key for key, _ in items + others]
    return [NearCopy(keys[a], keys[b], score) for a, b, score in found]


class _Batch:
    """The texts of a batch as sets of shingle ids, the ids numbered rarest first (the same order
    for every text, which prefix filtering needs), with each shingle's weight."""

    def __init__(self, texts):
        shingle_sets = [_shingles(_tokens(text)) for text in texts]
        frequency = Counter()
        for shingles in shingle_sets:
            frequency.update(shingles)
        self.size = len(shingle_sets)
        ordered = sorted(frequency, key=lambda s: (frequency[s], s))
        ids = {shingle: number for number, shingle in enumerate(ordered)}
        self.weights = [weight(self.size, frequency[shingle]) for shingle in ordered]
        self.sets = [frozenset(map(ids.__getitem__, shingles)) for shingles in shingle_sets]
        self.sorted = [sorted(ids_) for ids_ in self.sets]
        # Exact sums (fsum): the same figures whatever order a set yields its members in.
        self.totals = [math.fsum(map(self.weights.__getitem__, ids_)) for ids_ in self.sets]

    def prefix(self, position, share):
        """([(id, weight of the text from this shingle on)], weight left after them) for the
        heaviest shingles of a text, until what is left weighs less than `share` of the whole: a
        text sharing at least that share of this one's weight shares one of these."""
        weights, left = self.weights, self.totals[position]
        bound = share * left * _SLACK
        chosen = []
        for number in self.sorted[position]:
            if left < bound:
                break
            chosen.append((number, left))
            left -= weights[number]
        return chosen, left

    def score(self, a, b):
        """(weighted resemblance, number of shared shingles)."""
        shared = self.sets[a] & self.sets[b]
        common = math.fsum(map(self.weights.__getitem__, shared))
        total = self.totals[a] + self.totals[b] - common
        return (common / total if total else 0.0), len(shared)

    def pairs(self, threshold, *, left=None, right=None):
        """[(position, position, score)] of pairs reaching `threshold`, most alike first: all
        pairs of the batch, or only pairs of a `left` and a `right` position.

        Prefix filtering (a pair reaching the threshold shares a shingle among the heaviest of
        each text) with the size filter and the positional filter of Xiao et al., "Efficient
        similarity joins for near duplicate detection" (2008), adapted to weights."""
        totals, weights, sets = self.totals, self.weights, self.sets
        ratio = threshold / (1 + threshold)  # J ≥ t ⇔ shared weight ≥ t/(1 + t) × (A + B)
        index = [[] for _ in weights]  # shingle id → [(text, weight of that text from it on)]
        found = []
        across = left is not None

        def probe(position):
            total = totals[position]
            smallest = threshold * total * _SLACK
            largest = total / threshold / _SLACK
            seen, dropped = {}, set()
            chosen, beyond = self.prefix(position, threshold)
            for number, rest in chosen:
                postings = index[number]
                if not postings:
                    continue
                shingle_weight = weights[number]
                for other, their_rest in postings:
                    if other in dropped:
                        continue
                    theirs = totals[other]
                    so_far = seen.get(other)
                    if so_far is None:
                        so_far = 0.0
                        if not smallest <= theirs <= largest:  # sizes too far apart
                            dropped.add(other)
                            continue
                    # Shingles before this one that both texts have were all met already (they
                    # lie in both prefixes); what the pair may still share is the lighter rest.
                    if so_far + (rest if rest < their_rest else their_rest) < ratio * (total + theirs) * _SLACK:
                        dropped.add(other)
                        seen.pop(other, None)
                        continue
                    seen[other] = so_far + shingle_weight
            heaviest = frozenset(number for number, _ in chosen)
            for other in seen:
                # Cheap bound first: what the pair shares among this text's heaviest shingles,
                # plus all the rest of this text.
                if sum(map(weights.__getitem__, heaviest & sets[other])) + beyond \
                        < ratio * (total + totals[other]) * _SLACK:
                    continue
                score, shared = self.score(position, other)
                if score >= threshold and shared >= MIN_SHARED:
                    found.append((position, other, score) if across
                                 else (min(position, other), max(position, other), score))

        if not across:
            # Lightest texts first: a text is only ever probed by heavier ones, so its indexed
            # prefix may stop where what is left weighs less than 2t/(1 + t) of it.
            for position in sorted(range(self.size), key=lambda p: (totals[p], p)):
                probe(position)
                for number, rest in self.prefix(position, 2 * ratio)[0]:
                    index[number].append((position, rest))
        else:
            for position in right:
                for number, rest in self.prefix(position, threshold)[0]:
                    index[number].append((position, rest))
            for position in left:
                probe(position)
        found.sort(key=lambda f: (-f[2], f[0], f[1]))
        return found


_SLACK = 1 - 1e-9  # bounds a shade looser, so that rounding never drops a pair


def _marked(text, theirs):
    """[(passage, is_shared)] for `text`: its words in order, grouped into runs, a run shared when
    its words lie in a shingle `theirs` also has and the run is at least MIN_MARKED words long."""
    chunks = _CHUNK.findall(text or "")
    tokens, owner = [], []  # normalised words and the chunk each comes from
    for position, chunk in enumerate(chunks):
        for token in _tokens(chunk):
            if token == "0" and tokens and tokens[-1] == "0":
                continue  # as _tokens does across the whole text
            tokens.append(token)
            owner.append(position)
    covered = [False] * len(tokens)
    width = min(SHINGLE, len(tokens))
    for start in range(len(tokens) - width + 1):
        if tuple(tokens[start:start + width]) in theirs:
            covered[start:start + width] = [True] * width
    # Drop runs of shared words too short to be a copied passage ("thực hiện tốt").
    start = 0
    while start < len(covered):
        end = start
        while end < len(covered) and covered[end] == covered[start]:
            end += 1
        if covered[start] and end - start < MIN_MARKED:
            covered[start:end] = [False] * (end - start)
        start = end
    shared_chunk = [False] * len(chunks)
    for flag, position in zip(covered, owner, strict=True):
        shared_chunk[position] = shared_chunk[position] or flag
    # A chunk with no word ("-", "…") is shared inside a shared passage.
    with_words = sorted(set(owner))
    for before, after in itertools.pairwise(with_words):
        if after > before + 1 and shared_chunk[before] and shared_chunk[after]:
            shared_chunk[before + 1:after] = [True] * (after - before - 1)
    passages = []
    for chunk, flag in zip(chunks, shared_chunk, strict=True):
        if passages and passages[-1][1] == flag:
            passages[-1][0].append(chunk)
        else:
            passages.append(([chunk], flag))
    return [(" ".join(words), flag) for words, flag in passages]


def compare(a, b):
    """Both texts split into passages for showing side by side: ([(passage, is_shared)] for `a`,
    the same for `b`). A passage is the original text (diacritics and punctuation kept, runs of
    spaces and line breaks made one space); shared passages are what the other text also has,
    however lightly edited, in runs of at least MIN_MARKED words."""
    ours, theirs = _shingles(_tokens(a)), _shingles(_tokens(b))
    return _marked(a, theirs), _marked(b, ours)
