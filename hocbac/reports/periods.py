"""The periods a dashboard or a report covers, as codes: "2026" (the year), "2026-H1" and
"2026-H2" (six months), "2026-Q1"…"2026-Q4", "2026-01"…"2026-12". Summaries are kept for each of
them, so a figure that counts people once ("members who took part") is exact for any of them."""

import calendar
import datetime
import re
from dataclasses import dataclass

ROMAN = ["I", "II", "III", "IV"]
CODE = re.compile(r"^(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?$")


@dataclass(frozen=True)
class Period:
    code: str
    start: datetime.date
    end: datetime.date  # inclusive
    label: str

    def __str__(self):
        return self.label


def _last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def parse(code):
    """The Period of `code`, or ValueError."""
    match = CODE.match(code or "")
    if not match:
        raise ValueError(code)
    year, part = int(match.group(1)), match.group(2)
    if not 2000 <= year <= 2100:
        raise ValueError(code)
    if part is None:
        return Period(code, datetime.date(year, 1, 1), datetime.date(year, 12, 31), f"năm {year}")
    if part[0] == "H":
        half = int(part[1])
        first = 1 if half == 1 else 7
        label = f"6 tháng đầu năm {year}" if half == 1 else f"6 tháng cuối năm {year}"
        return Period(code, datetime.date(year, first, 1), _last_day(year, first + 5), label)
    if part[0] == "Q":
        quarter = int(part[1])
        first = 3 * quarter - 2
        return Period(code, datetime.date(year, first, 1), _last_day(year, first + 2), f"quý {ROMAN[quarter - 1]}/{year}")
    month = int(part)
    if not 1 <= month <= 12:
        raise ValueError(code)
    return Period(code, datetime.date(year, month, 1), _last_day(year, month), f"tháng {month}/{year}")


def containing(day):
    """The month, quarter, six months and year that hold `day`, shortest first."""
    year, month = day.year, day.month
    return [parse(f"{year}-{month:02d}"), parse(f"{year}-Q{(month - 1) // 3 + 1}"),
            parse(f"{year}-H{1 if month <= 6 else 2}"), parse(str(year))]


def of_year(year):
    """Every period of `year`: the year, two halves, four quarters, twelve months."""
    return ([parse(str(year))] + [parse(f"{year}-H{h}") for h in (1, 2)] + [parse(f"{year}-Q{q}") for q in range(1, 5)]
            + [parse(f"{year}-{m:02d}") for m in range(1, 13)])


# Summaries are kept for this many years before the current one: a change dated earlier (a
# member admitted in 1990, a subtree moved) refreshes only those.
HISTORY_YEARS = 5


def affected_by(day, today):
    """The periods whose figures a change dated `day` can move: those that end on or after it
    (figures "by the period's end", like registrations or members, carry forward, into the
    next years too) and have begun by `today`, within the years kept."""
    day = max(day, datetime.date(today.year - HISTORY_YEARS, 1, 1))
    return [period for year in range(day.year, today.year + 1) for period in of_year(year)
            if period.end >= day and period.start <= today]


# A range of periods of one kind ("2024..2026", "2026-01..2026-06"), shown side by side: figures
# that count people once are never added across periods, each period keeps its own.
RANGE_SEPARATOR = ".."
MAX_RANGE = 24


def _kind(period):
    """"" for a year, "H", "Q", or "M" for a month."""
    part = period.code[5:]
    return "M" if part.isdigit() else part[:1]


def _next(period):
    year, part = period.start.year, period.code[5:]
    if not part:
        return parse(str(year + 1))
    if part[0] in "HQ":
        count = 2 if part[0] == "H" else 4
        number = int(part[1])
        return parse(f"{year + 1}-{part[0]}1") if number == count else parse(f"{year}-{part[0]}{number + 1}")
    month = int(part)
    return parse(f"{year + 1}-01") if month == 12 else parse(f"{year}-{month + 1:02d}")


def parse_range(code):
    """The Periods from the first to the last of "A..B" (same kind, in order, at most
    MAX_RANGE of them), or ValueError."""
    first_code, separator, last_code = (code or "").partition(RANGE_SEPARATOR)
    if not separator:
        raise ValueError(code)
    first, last = parse(first_code), parse(last_code)
    if _kind(first) != _kind(last) or last.start < first.start:
        raise ValueError(code)
    result = [first]
    while result[-1].code != last.code:
        if len(result) == MAX_RANGE:
            raise ValueError(code)
        result.append(_next(result[-1]))
    return result
