"""Vietnamese text helpers: folding for search without diacritics, collation keys, number format."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

_SPACES = re.compile(r"\s+")


def fold(text):
    """'Nguyễn Văn Đức' → 'nguyen van duc': lower case, no diacritics, single spaces."""
    if not text:
        return ""
    text = str(text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACES.sub(" ", stripped).strip().lower()


def normalise_name(text):
    """Trim, single spaces, NFC; each word capitalised as Vietnamese names are written."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", str(text or ""))).strip()
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split(" "))


# Vietnamese alphabet order: ă and â follow a, đ follows d, ê follows e, ô and ơ follow o, ư follows u.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_LETTER_MODIFIERS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _split_letter(char):
    """'ệ' → ('ê', 5): base letter of the Vietnamese alphabet and its tone (0 = none)."""
    if char in "đĐ":
        return "đ", 0
    decomposed = unicodedata.normalize("NFD", char.lower())
    base = decomposed[0]
    tone = 0
    for mark in decomposed[1:]:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MODIFIERS:
            base = unicodedata.normalize("NFC", base + mark)
    return base, tone


def collation_key(text):
    """A string of digits that sorts like Vietnamese text: letters first (Đ after D, Ă after A),
    then tones (ngang, huyền, hỏi, ngã, sắc, nặng). Digits only, so it sorts the same under any
    database collation (SQLite BINARY, PostgreSQL en_US or C)."""
    primary, tones = [], []
    for char in _SPACES.sub(" ", str(text or "")).strip():
        base, tone = _split_letter(char)
        if base == " ":
            code = 1
        elif base.isdigit():
            code = 2 + int(base)  # 02–11
        elif base in _ALPHABET:
            code = 20 + _ALPHABET.index(base)  # 20–52
        else:
            code = 60 + (ord(base) % 39)  # other characters after letters, stable
        primary.append(f"{code:02d}")
        tones.append(str(tone))
    return "".join(primary) + "00" + "".join(tones)


def person_sort_key(full_name):
    """Vietnamese lists order people by given name (the last word, tones included), then by
    family and middle names."""
    words = str(full_name or "").split()
    if not words:
        return ""
    return collation_key(words[-1]) + "0" + collation_key(" ".join(words[:-1]))


_CHOICE = re.compile(r"\{([^{}]*)\}")


def expand_choices(rng, template):
    """'{a|b{c|d}}' → one alternative at each brace, innermost first (generated demo and test texts)."""
    while (match := _CHOICE.search(template)) is not None:
        template = template[:match.start()] + rng.choice(match.group(1).split("|")) + template[match.end():]
    return template


def format_number(value, decimals=0):
    """3790 → '3.790'; 95.12 with decimals=1 → '95,1'."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, fraction = f"{abs(number):f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_percent(numerator, denominator, decimals=1):
    """(3790, 3985) → '95,1%'; an empty denominator gives '—' rather than a made-up 0%."""
    if not denominator:
        return "—"
    return format_number(Decimal(numerator) * 100 / Decimal(denominator), decimals) + "%"


def format_ratio(numerator, denominator, noun="đảng viên"):
    """(3790, 3985) → '3.790/3.985 đảng viên, đạt 95,1%'."""
    return f"{format_number(numerator)}/{format_number(denominator)} {noun}, đạt {format_percent(numerator, denominator)}"


# Simple formatting of what members write (reflections, notebook entries): everything is escaped
# first, so pasted HTML shows as text; then blank lines make paragraphs, lines starting with "- "
# make a list, **…** is bold, _…_ italic, and only http(s) addresses become links.
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![\w/])_(.+?)_(?!\w)")
_URL = re.compile(r"\bhttps?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
_BULLET = re.compile(r"^\s*[-•*]\s+")


def _inline(line):
    from django.utils.html import escape

    pieces = []
    for number, raw in enumerate(_split_urls(line)):  # addresses found in what was typed, so a quote ends one
        piece = escape(raw)
        if number % 2:  # an address
            pieces.append(f'<a href="{piece}" rel="nofollow noopener noreferrer">{piece}</a>')
        else:
            pieces.append(_ITALIC.sub(r"<em>\1</em>", _BOLD.sub(r"<strong>\1</strong>", piece)))
    return "".join(pieces)


def _split_urls(line):
    """'a https://x.vn b' → ['a ', 'https://x.vn', ' b']: text and addresses alternate."""
    return re.split(f"({_URL.pattern})", line)


def render_simple_text(value):
    """Plain text → safe HTML paragraphs and lists (see above). Never passes markup through."""
    from django.utils.safestring import mark_safe

    blocks = re.split(r"\n\s*\n", str(value or "").replace("\r\n", "\n").strip())
    html = []
    for block in blocks:
        lines = [line for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if all(_BULLET.match(line) for line in lines):
            items = "".join(f"<li>{_inline(_BULLET.sub('', line))}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        else:
            html.append("<p>" + "<br>".join(_inline(line.strip()) for line in lines) + "</p>")
    return mark_safe("".join(html))  # every piece above was escaped first
