"""Near-copy benchmark: `similarity.near_copies` over 200 and 2,000 generated registrations (one
lightly edited copy planted in each batch), beside the time to merely normalise the same texts,
measured in the same run.

    .venv/bin/python bench/near_copies.py [--runs 3]

The machine is shared: compare the ratio (how many times the time of normalising alone), not the
seconds; each figure is the best of --runs runs. Pure Python, no database."""

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hocbac.commitments import similarity
from hocbac.commitments.tests.texts import batch, lightly_edited
from hocbac.core.text import format_number


def best_of(runs, work):
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - started)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    print(f"Tìm bản đăng ký gần trùng (tốt nhất của {args.runs} lần)")
    for size in (200, 2000):
        rng = random.Random(args.seed + size)
        items = [(i, text) for i, (_, text) in enumerate(batch(rng, size))]
        source = rng.randrange(size)
        items.append(("bản chép", lightly_edited(rng, items[source][1])))
        words = sum(len(text.split()) for _, text in items)
        found = []

        def normalise_only(items=items):
            for _, text in items:
                similarity.normalise(text)

        def detect(items=items, found=found):
            found[:] = similarity.near_copies(items)

        reference = best_of(args.runs, normalise_only)
        seconds = best_of(args.runs, detect)
        planted = [(p.a_key, p.b_key) for p in found] == [(source, "bản chép")]
        print(f"  {format_number(len(items)):>6} bản ({format_number(words)} từ): "
              f"chuẩn hóa (tham chiếu) {reference:6.3f} s, tìm gần trùng {seconds:6.3f} s, "
              f"tỷ lệ {seconds / reference:5.1f} ×; "
              f"{'tìm đúng cặp đã cài' if planted else f'KẾT QUẢ SAI: {len(found)} cặp'}")


if __name__ == "__main__":
    main()
