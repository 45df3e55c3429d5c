"""Question files in and out: the Excel template, Moodle's GIFT and Moodle's Aiken.

Pure functions, no database: a parser gives `Parsed(questions, errors)`, where each question is a
`ParsedQuestion` carrying the line (or sheet row) it starts on, and each error is `(line, reason)`
in Vietnamese. A question with any error is left out of `questions`. The option rules are
`services.check_options`, the same as the form's; single or multiple choice follows from the number
of right options. Documents and topics are carried as written (`document_ref`, `topic_name`):
matching them to the library is the importer's job (`bank_io`).

GIFT (https://docs.moodle.org/en/GIFT_format), the subset that fits the bank:
- questions are separated by a blank line; lines starting with `//` are comments;
- `::title::` is read and dropped; `[html]`, `[moodle]`, `[plain]`, `[markdown]` markers are dropped;
- `{ =right ~wrong }` is single choice; `{ ~%50%right ~%50%right ~%-100%wrong }` multiple choice
  (a positive weight is a right option); a text after `}` makes Moodle's "missing word" form
  (the answer's place becomes `_____`);
- `#feedback` of an option is dropped; `####general feedback` is the explanation;
- `\\~ \\= \\# \\{ \\} \\:` and `\\\\` are the characters themselves, `\\n` a new line;
- `$CATEGORY:` lines are ignored (the bank has tags, not Moodle categories);
- tokens in the question's comment lines carry what GIFT has no place for, as Moodle writes tags:
  `// [tag:Chỉ thị 05] [do-kho:Khó] [van-ban:05-CT/TW] [chuyen-de:…]`; Moodle ignores them;
- true/false, short answer, matching, numerical, essay and description are reported as
  "loại câu hỏi không hỗ trợ", never dropped silently.

Aiken (https://docs.moodle.org/en/Aiken_format): the question's text line(s), then options
`A. text` or `A) text` (capital letter, "." or ")", a space) in order A, B, C…, then `ANSWER: B`.
One right option only; blank lines between questions are optional, as in Moodle.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from hocbac.core.imports import read_rows
from hocbac.core.text import fold

from .models import MAX_OPTIONS, Difficulty, QuestionKind
from .services import check_options

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MAX_OPTION_CHARS = 500  # Option.text
MAX_TAGS_CHARS = 200  # Question.tags
MAX_DOCUMENT_REF_CHARS = 60  # Document.number_symbol
UNSUPPORTED = "loại câu hỏi không hỗ trợ"


@dataclass
class ParsedQuestion:
    line: int
    text: str
    options: list  # [(text, is_correct)] in display order
    explanation: str = ""
    tags: str = ""
    difficulty: int = Difficulty.MEDIUM
    document_ref: str = ""  # number and symbol of a library document, e.g. "05-CT/TW"
    topic_name: str = ""

    @property
    def kind(self):
        return kind_for(self.options)

    @property
    def right_letters(self):
        return [LETTERS[i] for i, (_, right) in enumerate(self.options) if right]

    def as_dict(self):
        return {"line": self.line, "text": self.text, "options": [[t, c] for t, c in self.options],
                "explanation": self.explanation, "tags": self.tags, "difficulty": int(self.difficulty),
                "document_ref": self.document_ref, "topic_name": self.topic_name}

    @classmethod
    def from_dict(cls, data):
        return cls(**{**data, "options": [(t, c) for t, c in data["options"]]})


@dataclass
class Parsed:
    questions: list = field(default_factory=list)  # [ParsedQuestion]
    errors: list = field(default_factory=list)  # [(line, reason)]


def kind_for(options):
    return QuestionKind.SINGLE if sum(1 for _, right in options if right) == 1 else QuestionKind.MULTIPLE


def normalise_tags(tags):
    """As `services.save_question` stores them: trimmed, ", " between."""
    return ", ".join(t.strip() for t in tags.split(",") if t.strip())


_DIFFICULTY_BY_FOLDED = {**{fold(label): value for value, label in Difficulty.choices},
                         **{str(value): value for value in Difficulty.values}}


def parse_difficulty(text):
    """Dễ / Trung bình / Khó (or 1, 2, 3); blank is Trung bình. None if not understood."""
    if not text.strip():
        return Difficulty.MEDIUM
    return _DIFFICULTY_BY_FOLDED.get(fold(text))


def _difficulty_reason(text):
    return f"độ khó “{text}” không hợp lệ (ghi Dễ, Trung bình hoặc Khó)"


def _finish(parsed, line, text, options, *, reasons=(), key_ok=True, **extra):
    """Check one question as the form does; add it to `parsed.questions` or its reasons to
    `parsed.errors`. `reasons` are those the parser found; `key_ok` False when the right options
    could not be read (already reported), so only the other option rules are checked."""
    reasons = list(reasons)
    text = text.strip()
    options = [(" ".join(t.split()), bool(right)) for t, right in options]
    if not text:
        reasons.append("câu hỏi để trống")
    # check_options with no kind checks everything but the number of right options.
    reasons += check_options(kind_for(options) if key_ok else None, options)
    reasons += [f"phương án {LETTERS[i]} dài quá {MAX_OPTION_CHARS} ký tự"
                for i, (t, _) in enumerate(options) if len(t) > MAX_OPTION_CHARS]
    extra["tags"] = normalise_tags(extra.get("tags", ""))
    if len(extra["tags"]) > MAX_TAGS_CHARS:
        reasons.append(f"thẻ dài quá {MAX_TAGS_CHARS} ký tự")
    extra["document_ref"] = " ".join(extra.get("document_ref", "").split())
    if len(extra["document_ref"]) > MAX_DOCUMENT_REF_CHARS:
        reasons.append(f"số hiệu văn bản dài quá {MAX_DOCUMENT_REF_CHARS} ký tự")
    extra["topic_name"] = " ".join(extra.get("topic_name", "").split())
    extra["explanation"] = extra.get("explanation", "").strip()
    extra["difficulty"] = int(extra.get("difficulty", Difficulty.MEDIUM))
    if reasons:
        parsed.errors += [(line, reason) for reason in reasons]
    else:
        parsed.questions.append(ParsedQuestion(line=line, text=text, options=options, **extra))


def decode_text(data):
    """The text of an uploaded text file: UTF-8, with or without a byte order mark. Raises
    UnicodeDecodeError otherwise."""
    text = data.decode("utf-8-sig")
    return unicodedata.normalize("NFC", text)


# GIFT ------------------------------------------------------------------------------------------

# Escaped characters become private-use placeholders while the structure is read.
_GIFT_ESCAPES = {"\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004", "\\}": "\ue005",
                 "\\:": "\ue006", "\\n": "\ue007"}
_GIFT_RESTORE = {"\ue000": "\\", **{ph: esc[1] for esc, ph in _GIFT_ESCAPES.items()}, "\ue007": "\n"}
_GIFT_WEIGHT = re.compile(r"^%(-?\d+(?:[.,]\d+)?)%")
_GIFT_FORMAT = re.compile(r"^\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_GIFT_TOKEN = re.compile(r"\[([^\[\]:]+):((?:\\\]|[^\]])*)\]")
_GIFT_TOKEN_KEYS = {"tag": "tags", "the": "tags", "do kho": "difficulty", "van ban": "document_ref",
                    "chuyen de": "topic_name"}


def _gift_protect(text):
    text = text.replace("\\\\", "\ue000")
    for escaped, placeholder in _GIFT_ESCAPES.items():
        text = text.replace(escaped, placeholder)
    return text


def _gift_restore(text):
    for placeholder, char in _GIFT_RESTORE.items():
        text = text.replace(placeholder, char)
    return text


def _gift_clean(text):
    """A piece of text as stored: the format marker dropped, escapes restored, trimmed."""
    text = _GIFT_FORMAT.sub("", text.strip())
    return _gift_restore(text).strip()


def _gift_tokens(comments):
    """{field: value} from `[key:value]` tokens of the comment lines (tags accumulate)."""
    values = {"tags": []}
    for comment in comments:
        for key, value in _GIFT_TOKEN.findall(comment):
            name = _GIFT_TOKEN_KEYS.get(fold(key).replace("-", " ").replace("_", " "))
            value = value.replace("\\]", "]").strip()
            if name == "tags":
                values["tags"].append(value)
            elif name:
                values[name] = value
    values["tags"] = ", ".join(values["tags"])
    return values


def _gift_blocks(text):
    """(first line number, content lines, comment lines) of each blank-line separated block."""
    block, comments, first = [], [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if block:
                yield first, block, comments
            block, comments, first = [], [], None
        elif line.strip().startswith("//"):
            comments.append(line.strip()[2:])
        else:
            if first is None:
                first = number
            block.append(line)
    if block:
        yield first, block, comments
    # A block of comments alone (a file header) is no question: nothing to yield.


def _gift_kind(answer):
    """Moodle's order of detection; the name of an unsupported kind, or None for multiple choice."""
    if answer == "":
        return "tự luận"
    if answer.startswith("#"):
        return "số"
    if "~" in answer:
        return None
    if "=" in answer and "->" in answer:
        return "ghép đôi"
    plain = answer.split("#", 1)[0].strip() if answer.find("#") > 0 else answer
    if plain in {"T", "TRUE", "F", "FALSE"}:
        return "đúng/sai"
    return "trả lời ngắn"


def parse_gift(text):
    parsed = Parsed()
    for line, lines, comments in _gift_blocks(text):
        body = _gift_protect("\n".join(lines).strip())
        if body.startswith("$CATEGORY:"):
            continue
        if body.startswith("::"):
            end = body.find("::", 2)
            body = body[end + 2:].strip() if end >= 0 else body[2:]
        start, finish = body.find("{"), body.find("}")
        if start < 0 and finish < 0:
            parsed.errors.append((line, f"{UNSUPPORTED} (mô tả: không có phần đáp án {{ … }})"))
            continue
        if start < 0 or finish < start:
            parsed.errors.append((line, "thiếu dấu “{” hoặc “}” của phần đáp án"))
            continue
        answer, before, after = body[start + 1:finish].strip(), body[:start], body[finish + 1:]
        if "{" in after or "}" in after:
            parsed.errors.append((line, "có hơn một phần đáp án { … }: các câu hỏi phải cách nhau một dòng trống"))
            continue
        question_text = f"{before.rstrip()} _____ {after.lstrip()}" if after.strip() else before
        explanation = ""
        if "####" in answer:
            at = answer.rfind("####")
            answer, explanation = answer[:at].strip(), answer[at + 4:]
        unsupported = _gift_kind(answer)
        if unsupported:
            parsed.errors.append((line, f"{UNSUPPORTED} ({unsupported})"))
            continue
        options, reasons, has_equal, has_positive = [], [], False, False
        parts = answer.replace("=", "~=").split("~")
        if not parts[0].strip():
            parts = parts[1:]
        for part in parts:
            part = part.strip()
            right = False
            if part.startswith("="):
                right, has_equal, part = True, True, part[1:]
            elif part.startswith("%"):
                match = _GIFT_WEIGHT.match(part)
                weight = float(match.group(1).replace(",", ".")) if match else None
                if weight is None or not -100 <= weight <= 100:
                    reasons.append(f"trọng số của phương án “{_gift_restore(part)[:40]}” không hợp lệ "
                                   "(ghi từ -100 đến 100, ví dụ ~%50%)")
                else:
                    right = weight > 0
                    has_positive = has_positive or right
                    part = part[match.end():]
            options.append((_gift_clean(part.split("#", 1)[0]), right))  # "#feedback" of an option: dropped
        if has_equal and has_positive:
            reasons.append("câu có “=” lại có phương án được một phần điểm (~%…%): hệ thống chỉ có phương án đúng "
                           "hoặc sai; câu nhiều đáp án hãy ghi mọi phương án bằng ~%…%")
        key_ok = not reasons
        values = _gift_tokens(comments)
        difficulty_text = values.pop("difficulty", "")
        difficulty = parse_difficulty(difficulty_text)
        if difficulty is None:
            reasons.append(_difficulty_reason(difficulty_text))
        _finish(parsed, line, _gift_clean(question_text), options, reasons=reasons, key_ok=key_ok,
                explanation=_gift_clean(explanation), difficulty=difficulty or Difficulty.MEDIUM, **values)
    return parsed


def _gift_escape(text):
    text = text.replace("\\", "\\\\")
    for char in "~=#{}:":
        text = text.replace(char, "\\" + char)
    return text.replace("\r", "").replace("\n", "\\n")


def _weight(value):
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _token_value(value):
    return value.replace("]", "\\]").replace("\n", " ")


def to_gift(questions):
    """GIFT text of `questions` (ParsedQuestion-like). Multiple choice is written with Moodle's
    weights: each right option 100/k %, each wrong one -100/k % — the partial-credit rule the
    contests use."""
    out = []
    for q in questions:
        tokens = [f"[tag:{_token_value(t.strip())}]" for t in q.tags.split(",") if t.strip()]
        tokens.append(f"[do-kho:{Difficulty(q.difficulty).label}]")
        if q.document_ref:
            tokens.append(f"[van-ban:{_token_value(q.document_ref)}]")
        if q.topic_name:
            tokens.append(f"[chuyen-de:{_token_value(q.topic_name)}]")
        out.append("// " + " ".join(tokens))
        out.append(_gift_escape(q.text) + " {")
        rights = sum(1 for _, right in q.options if right)
        for text, right in q.options:
            if rights == 1:
                mark = "=" if right else "~"
            else:
                mark = f"~%{_weight(100 / rights)}%" if right else f"~%-{_weight(100 / rights)}%"
            out.append(f"\t{mark}{_gift_escape(text)}")
        if q.explanation:
            out.append(f"\t####{_gift_escape(q.explanation)}")
        out.append("}")
        out.append("")
    return "\n".join(out)


# Aiken -----------------------------------------------------------------------------------------

_AIKEN_OPTION = re.compile(r"^([A-Z])[.)][ \t]+(.*)$")
_AIKEN_LOWER_OPTION = re.compile(r"^[a-z][.)][ \t]+")
_AIKEN_ANSWER = re.compile(r"^ANSWER:(.*)$")
_AIKEN_ANSWER_LOOSE = re.compile(r"^(answer|đáp án|dap an)\s*:", re.IGNORECASE)


@dataclass
class _Pending:
    line: int
    text: list = field(default_factory=list)
    options: list = field(default_factory=list)  # (letter, text, line)
    errors: list = field(default_factory=list)  # (line, reason)
    orphan: bool = False  # options with no question before them: reported once, then skipped


def parse_aiken(text):
    parsed = Parsed()
    current = None

    def unfinished(pending):
        if not pending.orphan:
            what = "thiếu dòng “ANSWER: X” sau các phương án" if pending.options else \
                "chưa có phương án (A. …) và dòng “ANSWER: X”"
            parsed.errors += [*pending.errors, (pending.line, what)]

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _AIKEN_ANSWER.match(line)
        if answer or _AIKEN_ANSWER_LOOSE.match(line):
            if current is None:
                parsed.errors.append((number, "dòng ANSWER không thuộc câu hỏi nào"))
            elif answer:
                _aiken_finish(parsed, current, answer.group(1).strip(), number)
            elif not current.orphan:
                parsed.errors += [*current.errors, (number, f"dòng đáp án phải viết đúng “ANSWER: X” (chữ in hoa), "
                                                           f"đang là “{line[:40]}”")]
            current = None
            continue
        option = _AIKEN_OPTION.match(line)
        if option:
            if current is None:
                parsed.errors.append((number, f"phương án “{line[:40]}” không thuộc câu hỏi nào"))
                current = _Pending(line=number, orphan=True)
            current.options.append((option.group(1), option.group(2), number))
            continue
        if current is not None and current.options:
            if _AIKEN_LOWER_OPTION.match(line):
                current.errors.append((number, f"phương án phải bắt đầu bằng chữ in hoa: “{line[0].upper()}{line[1]}”, "
                                               f"không phải “{line[:2]}”"))
                continue
            unfinished(current)  # a new question begins: the previous one never got its ANSWER
            current = None
        if current is None:
            current = _Pending(line=number)
        current.text.append(line)
    if current is not None:
        unfinished(current)
    return parsed


def _aiken_finish(parsed, pending, answer, answer_line):
    if pending.orphan:
        return
    errors = list(pending.errors)
    letters = [letter for letter, _, _ in pending.options]
    for index, (letter, _, number) in enumerate(pending.options):
        if letter != LETTERS[index]:
            errors.append((number, f"phương án thứ {index + 1} phải là “{LETTERS[index]}”, đang là “{letter}”"))
            break
    right = None
    if not pending.options:
        errors.append((pending.line, "chưa có phương án nào (A. …, B. …)"))
    elif not answer:
        errors.append((answer_line, "“ANSWER:” chưa ghi chữ cái của phương án đúng"))
    elif len(re.findall(r"[A-Za-z]", answer)) > 1:
        errors.append((answer_line, f"Aiken chỉ có một đáp án đúng (đang ghi “{answer}”); "
                                    "câu nhiều đáp án hãy dùng GIFT hoặc Excel"))
    elif answer not in letters:
        errors.append((answer_line, f"đáp án “{answer}” không có trong các phương án ({letters[0]}–{letters[-1]})"))
    else:
        right = letters.index(answer)
    texts = [text for _, text, _ in pending.options]
    if right is None or errors:
        if texts:  # the other option rules too (check_options with no kind leaves the key aside)
            errors += [(pending.line, reason) for reason in check_options(None, [(t, False) for t in texts])]
        parsed.errors += errors
        return
    _finish(parsed, pending.line, "\n".join(pending.text), [(t, i == right) for i, t in enumerate(texts)])


def to_aiken(questions):
    """(Aiken text, how many were skipped): Aiken holds single choice only, so multiple-choice
    questions are left out. The text is written on one line, as Moodle's Aiken expects."""
    out, skipped = [], 0
    for q in questions:
        if kind_for(q.options) != QuestionKind.SINGLE:
            skipped += 1
            continue
        out.append(" ".join(q.text.split()))
        out += [f"{LETTERS[i]}. {' '.join(text.split())}" for i, (text, _) in enumerate(q.options)]
        out.append(f"ANSWER: {q.right_letters[0]}")
        out.append("")
    return "\n".join(out), skipped


# Excel -----------------------------------------------------------------------------------------

EXCEL_COLUMNS = {
    "text": "Câu hỏi",
    **{f"option_{LETTERS[i].lower()}": f"Phương án {LETTERS[i]}" for i in range(MAX_OPTIONS)},
    "answer": "Đáp án đúng",
    "explanation": "Giải thích",
    "tags": "Thẻ",
    "difficulty": "Độ khó",
    "document_ref": "Số hiệu văn bản",
    "topic_name": "Chuyên đề",
}
EXCEL_REQUIRED = ("text", "option_a", "option_b", "answer")
_OPTION_KEYS = [f"option_{LETTERS[i].lower()}" for i in range(MAX_OPTIONS)]


def parse_excel(upload, *, max_bytes):
    """The questions of an uploaded workbook (template columns, any order, headers without
    diacritics). Raises ValidationError for a file that cannot be read at all."""
    parsed = Parsed()
    for number, values in read_rows(upload, columns=EXCEL_COLUMNS, required=EXCEL_REQUIRED, max_bytes=max_bytes):
        reasons = []
        cells = [(LETTERS[i], values.get(key, "")) for i, key in enumerate(_OPTION_KEYS)]
        filled = [letter for letter, text in cells if text.strip()]
        answer = values.get("answer", "")
        tokens = [t for t in re.split(r"[\s,;/]+", answer.upper()) if t]
        right = set()
        if not tokens:
            reasons.append("thiếu đáp án đúng (ghi chữ cái của phương án, ví dụ “B” hoặc “A, C”)")
        for token in tokens:
            if len(token) != 1 or token not in LETTERS[:MAX_OPTIONS]:
                reasons.append(f"đáp án đúng “{answer}” không hợp lệ (ghi chữ cái của phương án, ví dụ “B” hoặc “A, C”)")
                break
            if token not in filled:
                reasons.append(f"đáp án đúng {token} nhưng phương án {token} để trống")
            right.add(token)
        key_ok = not reasons
        difficulty = parse_difficulty(values.get("difficulty", ""))
        if difficulty is None:
            reasons.append(_difficulty_reason(values.get("difficulty", "")))
        options = [(text, letter in right) for letter, text in cells if text.strip()]
        _finish(parsed, number, values.get("text", ""), options, reasons=reasons, key_ok=key_ok,
                explanation=values.get("explanation", ""), tags=values.get("tags", ""),
                difficulty=difficulty or Difficulty.MEDIUM, document_ref=values.get("document_ref", ""),
                topic_name=values.get("topic_name", ""))
    return parsed


def excel_header():
    return [f"{label} *" if key in EXCEL_REQUIRED else label for key, label in EXCEL_COLUMNS.items()]


def excel_sheet(questions):
    """(title, header, rows) for `core.exports.write_workbook`: the template's columns."""
    rows = []
    for q in questions:
        options = [text for text, _ in q.options] + [""] * (MAX_OPTIONS - len(q.options))
        rows.append([q.text, *options, ", ".join(q.right_letters), q.explanation, q.tags,
                     Difficulty(q.difficulty).label, q.document_ref, q.topic_name])
    return ("Câu hỏi", excel_header(), rows)


EXAMPLE = ParsedQuestion(
    line=2, text="Chỉ thị 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
                 "phong cách Hồ Chí Minh được ban hành năm nào?",
    options=[("2011", False), ("2016", True), ("2019", False), ("2021", False)],
    explanation="Chỉ thị 05-CT/TW được Bộ Chính trị ban hành ngày 15/5/2016.",
    tags="chỉ thị 05", difficulty=Difficulty.EASY, document_ref="05-CT/TW")

GUIDE = [
    "Mỗi dòng là một câu hỏi; cột có dấu * là bắt buộc. Không đổi tên các cột. Dòng 2 là ví dụ: hãy xóa hoặc ghi đè.",
    f"Phương án: từ 2 đến {MAX_OPTIONS} (A đến F), điền liền nhau từ A.",
    "Đáp án đúng: chữ cái của phương án đúng. Một chữ (ví dụ B) là câu một đáp án; "
    "nhiều chữ cách nhau dấu phẩy (ví dụ A, C) là câu nhiều đáp án (1–4 phương án đúng).",
    "Giải thích: hiện cho người thi sau khi cuộc thi kết thúc.",
    "Thẻ: cách nhau bởi dấu phẩy. Độ khó: Dễ, Trung bình hoặc Khó (để trống là Trung bình).",
    "Số hiệu văn bản: số, ký hiệu của một văn bản trong thư viện mà đơn vị xem được (ví dụ 05-CT/TW); có thể để trống.",
    "Chuyên đề: tên một chuyên đề trong thư viện; có thể để trống.",
    "Hệ thống kiểm tra toàn bộ tệp trước; chỉ khi không còn dòng lỗi mới nhập, và nhập tất cả một lần.",
]


def excel_template():
    return [excel_sheet([EXAMPLE]), ("Hướng dẫn", ["Cách điền"], [[line] for line in GUIDE])]
