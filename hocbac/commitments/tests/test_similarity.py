"""Near-copy detection on generated registrations: a planted copy is found and nothing else, in a
year's batch and year against year; stock phrases do not make copies; the side-by-side view marks
what is shared. Every batch test runs on several seeds so the threshold is not tuned to one."""

import itertools
import random
import unicodedata

import pytest

from hocbac.commitments.similarity import THRESHOLD, compare, near_copies, normalise, similarity
from hocbac.commitments.tests.texts import DUTIES, batch, lightly_edited, registration_text

SEEDS = [1, 2, 3, 4, 5]
MARGIN = 0.1  # independent texts stay this far below the threshold, copies this far above

# What a committee hands out as the example; a cell where every member starts from it.
EXAMPLE = (
    "Để thực hiện tốt việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026, "
    "bản thân tôi xây dựng kế hoạch như sau. Thực hiện tốt nhiệm vụ được giao. Không ngừng học tập "
    "nâng cao trình độ lý luận chính trị, chuyên môn, nghiệp vụ. Gương mẫu chấp hành chủ trương, "
    "đường lối của Đảng, chính sách, pháp luật của Nhà nước và quy định của địa phương nơi cư trú. "
    "Giữ gìn phẩm chất đạo đức cách mạng, cần, kiệm, liêm, chính, chí công vô tư; sống giản dị, gần "
    "gũi quần chúng. Tham gia đầy đủ các buổi sinh hoạt chi bộ, đóng đảng phí đầy đủ, đúng quy định; "
    "thực hiện nghiêm nguyên tắc tập trung dân chủ. Đoàn kết, thương yêu đồng chí, đồng nghiệp; "
    "thẳng thắn tự phê bình và phê bình; nói đi đôi với làm."
)


def _items(rng, size=200, *, year=2026, prefix=""):
    return [(f"dv{i}", prefix + text) for i, (_, text) in enumerate(batch(rng, size, year=year))]


def _plant_copy(rng, items):
    """A lightly edited copy of one registration, put in at a random place: (items, source key)."""
    source_key, source = items[rng.randrange(len(items))]
    copy = lightly_edited(rng, source)
    assert normalise(copy) != normalise(source)  # really edited
    items = list(items)
    items.insert(rng.randrange(len(items) + 1), ("ban-chep", copy))
    return items, source_key


def _with_copies(rng, items, count):
    for number in range(count):
        items, _source = _plant_copy(rng, items)
        items = [(f"ban-chep-{number}" if key == "ban-chep" else key, text) for key, text in items]
    return items


def _pairs(found):
    return [frozenset((p.a_key, p.b_key)) for p in found]


# (a) one planted copy among 200 independent registrations: exactly that pair.
@pytest.mark.parametrize("seed", SEEDS)
def test_the_planted_copy_is_the_only_pair(seed):
    rng = random.Random(seed)
    items, source_key = _plant_copy(rng, _items(rng))
    found = near_copies(items)
    assert _pairs(found) == [frozenset((source_key, "ban-chep"))]
    assert THRESHOLD + MARGIN <= found[0].score < 1
    keys = [key for key, _ in items]
    assert keys.index(found[0].a_key) < keys.index(found[0].b_key)  # a_key is the one listed first


# (b) 200 independent registrations: no pair, not even somewhat below the threshold.
@pytest.mark.parametrize("seed", SEEDS)
def test_independent_registrations_give_no_pair(seed):
    items = _items(random.Random(seed))
    assert near_copies(items) == []
    assert near_copies(items, threshold=THRESHOLD - MARGIN) == []


# (c) a member hands in last year's registration lightly edited: found year against year.
@pytest.mark.parametrize("seed", SEEDS)
def test_own_last_year_lightly_edited_is_found_year_against_year(seed):
    rng = random.Random(seed)
    duties = [DUTIES[i % len(DUTIES)] for i in range(200)]
    last_year = [registration_text(rng, duties=d, year=2025) for d in duties]
    this_year = [registration_text(rng, duties=d, year=2026) for d in duties]
    lazy = rng.randrange(200)
    this_year[lazy] = lightly_edited(rng, last_year[lazy])

    found = near_copies([(f"{i}/2026", t) for i, t in enumerate(this_year)],
                        against=[(f"{i}/2025", t) for i, t in enumerate(last_year)])
    assert [(p.a_key, p.b_key) for p in found] == [(f"{lazy}/2026", f"{lazy}/2025")]
    assert found[0].score >= THRESHOLD + MARGIN
    # The same member's genuinely new registration is not a copy of their own old one, also when
    # the two texts are compared alone.
    alike = [i for i in range(200) if similarity(this_year[i], last_year[i]) >= THRESHOLD]
    assert alike == [lazy]
    assert max(similarity(this_year[i], last_year[i]) for i in range(200) if i != lazy) < THRESHOLD - MARGIN


def _without_diacritics(text):
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# (d) diacritics, case, punctuation and spacing alone change nothing.
@pytest.mark.parametrize("seed", SEEDS)
def test_diacritics_and_punctuation_alone_give_similarity_one(seed):
    rng = random.Random(seed)
    text = registration_text(rng, duties=rng.choice(DUTIES))
    typed = _without_diacritics(text).upper()
    for mark in ",.;:“”":
        typed = typed.replace(mark, rng.choice(["", " ", " - ", "!", mark]))
    typed = typed.replace("\n", "\n\n   ")
    assert normalise(typed) == normalise(text)
    assert similarity(text, typed) == pytest.approx(1.0)
    items = _items(rng, 50)
    items.append(("go-khong-dau", typed))
    items.append(("goc", text))
    found = near_copies(items)
    assert _pairs(found) == [frozenset(("goc", "go-khong-dau"))]
    assert found[0].score == pytest.approx(1.0)


def test_normalise():
    assert normalise("Giải quyết 100% hồ sơ đúng hạn, không để trễ!") == "giai quyet 0 ho so dung han khong de tre"
    # a date, a decimal and a document number are each one '0'; the letters of a number stay
    assert normalise("Ngày 15/5/2016 đạt 95,5% theo Chỉ thị 05-CT/TW") == "ngay 0 dat 0 theo chi thi 0 ct tw"
    assert normalise("  ĐẢNG   VIÊN\n\tgương_mẫu  ") == "dang vien guong mau"
    assert normalise("") == normalise(None) == ""


# (e) the side-by-side view marks what the other text also has.
def test_compare_marks_the_copied_passages_and_not_the_own_sentence():
    rng = random.Random(11)
    original = registration_text(rng, duties="ward_official")
    own = "Riêng tôi đăng ký sửa lại mái che cho bà Nguyễn Thị Tám ở cuối hẻm trước mùa mưa bão."
    lines = lightly_edited(rng, original).split("\n")
    lines.insert(2, own)
    copy = "\n".join(lines)

    left, right = compare(original, copy)
    # Every word is there, in order, and passages alternate shared / not shared.
    assert " ".join(text for text, _ in left) == " ".join(original.split())
    assert " ".join(text for text, _ in right) == " ".join(copy.split())
    for side in (left, right):
        assert all(a[1] != b[1] for a, b in itertools.pairwise(side))

    def shared_share(side):
        words = [(len(text.split()), shared) for text, shared in side]
        return sum(n for n, shared in words if shared) / sum(n for n, _ in words)

    assert shared_share(left) > 0.85 and shared_share(right) > 0.8
    # the member's own sentence stands out, whole
    assert any(own in text for text, shared in right if not shared)


def test_compare_of_independent_registrations_marks_only_stock_passages():
    rng = random.Random(12)
    a, b = (registration_text(rng, duties="teacher") for _ in range(2))
    left, right = compare(a, b)
    for side in (left, right):
        marked = sum(len(text.split()) for text, shared in side if shared)
        assert marked < 0.5 * sum(len(text.split()) for text, _ in side)


def test_compare_edge_cases():
    text = "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước."
    assert compare(text, text) == ([(text, True)], [(text, True)])
    assert compare("", text) == ([], [(text, False)])
    # three words in common are a coincidence, not a copied passage
    left, _ = compare("Tôi thực hiện tốt nhiệm vụ.", "Phấn đấu thực hiện tốt hơn nữa.")
    assert left == [("Tôi thực hiện tốt nhiệm vụ.", False)]


# Stock phrases: a whole committee example in every text makes no copy.
@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_committee_example_in_every_text_makes_no_pair(seed):
    rng = random.Random(seed)
    items = _items(rng, prefix=EXAMPLE + "\n")
    assert near_copies(items) == []
    # It counts less than the texts' own phrasing: the most alike pair scores lower in the batch
    # than when compared alone, where the example counts fully.
    top = near_copies(items, threshold=0.15)[0]
    texts = dict(items)
    assert similarity(texts[top.a_key], texts[top.b_key]) > top.score + MARGIN
    # And a copy is still found.
    with_copy, source_key = _plant_copy(rng, items)
    assert _pairs(near_copies(with_copy)) == [frozenset((source_key, "ban-chep"))]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_small_cell(seed):
    rng = random.Random(seed)
    items = _items(rng, 12, prefix=EXAMPLE + "\n")
    assert near_copies(items) == []
    with_copy, source_key = _plant_copy(rng, items)
    assert _pairs(near_copies(with_copy)) == [frozenset((source_key, "ban-chep"))]


# (f) determinism, and the filters never lose a pair.
@pytest.mark.parametrize("seed", SEEDS)
def test_deterministic_whatever_the_order(seed):
    assert batch(random.Random(seed), 30) == batch(random.Random(seed), 30)
    rng = random.Random(seed)
    items = _items(rng, 60)
    items = _with_copies(rng, items, 4)
    found = near_copies(items)
    assert len(found) >= 4
    assert near_copies(items) == found
    shuffled = list(items)
    random.Random(seed + 100).shuffle(shuffled)
    again = near_copies(shuffled)
    assert {pair: p.score for pair, p in zip(_pairs(again), again, strict=True)} == pytest.approx(
        {pair: p.score for pair, p in zip(_pairs(found), found, strict=True)})
    assert [p.score for p in found] == sorted((p.score for p in found), reverse=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_filtering_returns_what_comparing_every_pair_returns(seed):
    rng = random.Random(seed)
    items = _items(rng, 60)
    items = _with_copies(rng, items, 3)
    # At a threshold this low the prefixes are the whole texts: every pair is scored.
    everything = near_copies(items, threshold=0.001)
    for threshold in (0.1, 0.2, 0.3, THRESHOLD, 0.7):
        expected = [p for p in everything if p.score >= threshold]
        assert near_copies(items, threshold=threshold) == expected
    last_year, this_year = items[:30], items[30:]
    expected = [p for p in everything if p.a_key in dict(last_year) and p.b_key in dict(this_year)
                and p.score >= 0.2]
    assert _pairs(near_copies(this_year, against=last_year, threshold=0.2)) == _pairs(expected)


def test_degenerate_batches():
    assert near_copies([]) == []
    assert near_copies([("a", "Gương mẫu chấp hành pháp luật.")]) == []
    # identical but too short to tell a copy from a stock sentence
    assert near_copies([("a", "Hoàn thành nhiệm vụ."), ("b", "Hoàn thành nhiệm vụ."), ("c", "")]) == []
    assert similarity("", "") == 0.0
    assert similarity("Hoàn thành nhiệm vụ", "hoan thanh nhiem vu") == 1.0
    with pytest.raises(ValueError):
        near_copies([("a", "x")], threshold=0)
