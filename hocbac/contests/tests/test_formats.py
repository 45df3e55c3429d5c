"""The question file formats, without the database: Moodle's GIFT and Aiken, the Excel template."""

import dataclasses

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hocbac.contests import formats
from hocbac.contests.formats import ParsedQuestion as Q
from hocbac.core.exports import write_workbook

MB = 1024 * 1024


def _lineless(questions):
    return [dataclasses.replace(q, line=0) for q in questions]


def _xlsx(header, rows, name="cau-hoi.xlsx"):
    return SimpleUploadedFile(name, write_workbook([("Câu hỏi", header, rows)]).getvalue())


# Realistic questions of the kind a ward committee writes, used by the round trips.
BANK = [
    Q(line=0, text="Chỉ thị 05-CT/TW của Bộ Chính trị được ban hành ngày nào?",
      options=[("15/5/2016", True), ("19/5/2016", False), ("03/02/2017", False), ("02/9/2016", False)],
      explanation="Bộ Chính trị ban hành Chỉ thị 05-CT/TW ngày 15/5/2016.", tags="chỉ thị 05, mốc thời gian",
      difficulty=1, document_ref="05-CT/TW"),
    Q(line=0, text="Những nội dung nào là trọng tâm của Kết luận 01-KL/TW?",
      options=[("Học tập tư tưởng, đạo đức, phong cách Hồ Chí Minh", True), ("Làm theo Bác", True),
               ("Nêu gương của người đứng đầu", True), ("Tăng số buổi sinh hoạt", False)],
      explanation="Ba nội dung: học tập, làm theo và nêu gương.", tags="kết luận 01", difficulty=3,
      topic_name="Ý chí tự lực, tự cường"),
    Q(line=0, text="Theo Bác, “cần, kiệm, liêm, chính” là gì?\nChọn câu đúng nhất:",
      options=[("Bốn đức tính của người cách mạng", True), ("Bốn nhiệm vụ của chi bộ", False)]),
]


# GIFT --------------------------------------------------------------------------------------------

GIFT_FILE = """// Ngân hàng câu hỏi tháng 3 của Đảng ủy phường Bến Thành
$CATEGORY: $course$/top/Chỉ thị 05

// [tag:chỉ thị 05] [tag:tháng 3] [do-kho:Khó] [van-ban:05-CT/TW] [id:Q7]
::Câu 1:: Chỉ thị 05-CT/TW được Bộ Chính trị ban hành năm nào? {
    ~2011 # Chưa đúng: năm 2011 là Chỉ thị 03-CT/TW.
    =2016 # Đúng.
    ~2019
    ####Chỉ thị 05-CT/TW ban hành ngày 15/5/2016.
}

[markdown]Những việc nào là **làm theo** Bác? {
    ~%50%Giữ mối liên hệ mật thiết với nhân dân
    ~%50%Nói đi đôi với làm
    ~%-100%Chỉ học thuộc lời Bác
}

Bác Hồ ra đi tìm đường cứu nước từ bến Nhà Rồng năm {~1890 =1911 ~1930} tại Sài Gòn.
"""


def test_gift_reads_single_and_multiple_choice_with_feedback_tokens_and_missing_word():
    parsed = formats.parse_gift(GIFT_FILE)

    assert parsed.errors == []
    assert parsed.questions == [
        Q(line=5, text="Chỉ thị 05-CT/TW được Bộ Chính trị ban hành năm nào?",
          options=[("2011", False), ("2016", True), ("2019", False)],
          explanation="Chỉ thị 05-CT/TW ban hành ngày 15/5/2016.", tags="chỉ thị 05, tháng 3", difficulty=3,
          document_ref="05-CT/TW"),
        Q(line=12, text="Những việc nào là **làm theo** Bác?",
          options=[("Giữ mối liên hệ mật thiết với nhân dân", True), ("Nói đi đôi với làm", True),
                   ("Chỉ học thuộc lời Bác", False)]),
        Q(line=18, text="Bác Hồ ra đi tìm đường cứu nước từ bến Nhà Rồng năm _____ tại Sài Gòn.",
          options=[("1890", False), ("1911", True), ("1930", False)]),
    ]
    assert [q.kind for q in parsed.questions] == ["mot", "nhieu", "mot"]


def test_gift_escaped_characters_are_the_characters_themselves():
    text = (r"Tỷ lệ 1\:2 và ký hiệu \{a\} \= b \~ c \# d, đường dẫn C\\tai-lieu\nDòng hai {"
            "\n" r"=Đáp án \= đúng \#1" "\n" r"~Sai \{x\}" "\n" r"####Giải thích\: xem \~ trang 2" "\n}\n")

    parsed = formats.parse_gift(text)

    assert parsed.errors == []
    assert parsed.questions == [
        Q(line=1, text="Tỷ lệ 1:2 và ký hiệu {a} = b ~ c # d, đường dẫn C\\tai-lieu\nDòng hai",
          options=[("Đáp án = đúng #1", True), ("Sai {x}", False)], explanation="Giải thích: xem ~ trang 2"),
    ]


def test_gift_other_question_types_are_reported_not_dropped():
    text = """Bác Hồ sinh năm 1890. {T}

Bác Hồ sinh ở làng nào? {=Kim Liên =làng Sen}

Ghép văn bản với cơ quan ban hành. {
    =Chỉ thị 05-CT/TW -> Bộ Chính trị
    =Hướng dẫn 36-HD/VPTW -> Văn phòng Trung ương
}

Chỉ thị 05 ban hành năm nào? {#2016}

Hãy nêu cảm nhận của đồng chí về Di chúc của Bác. {}

Phần sau đây gồm các câu về Chỉ thị 05.

Câu hợp lệ? {=Có ~Không}
"""
    parsed = formats.parse_gift(text)

    assert parsed.errors == [
        (1, "loại câu hỏi không hỗ trợ (đúng/sai)"),
        (3, "loại câu hỏi không hỗ trợ (trả lời ngắn)"),
        (5, "loại câu hỏi không hỗ trợ (ghép đôi)"),
        (10, "loại câu hỏi không hỗ trợ (số)"),
        (12, "loại câu hỏi không hỗ trợ (tự luận)"),
        (14, "loại câu hỏi không hỗ trợ (mô tả: không có phần đáp án { … })"),
    ]
    assert [q.line for q in parsed.questions] == [16]


def test_gift_each_mistake_is_reported_on_its_question_line():
    text = """Câu chỉ có một phương án? {=Duy nhất ~}

Câu có bảy phương án? {=A ~B ~C ~D ~E ~F ~G}

Câu trùng phương án? {=Nêu gương ~Nêu  gương}

Câu nhiều đáp án mà năm phương án đúng? {~%20%A ~%20%B ~%20%C ~%20%D ~%20%E ~%-100%F}

Câu không có phương án đúng? {~%-50%A ~%0%B}

Câu trộn dấu bằng với trọng số? {=A ~%50%B ~C}

Câu trọng số sai? {~%150%A ~%-100%B}

Câu thiếu ngoặc đóng { =A ~B

Câu một {=A ~B}
Câu hai liền sau, thiếu dòng trống {=C ~D}

// [do-kho:Rất khó]
Câu độ khó lạ? {=A ~B}

Câu hợp lệ? {=Có ~Không}
"""
    parsed = formats.parse_gift(text)

    assert parsed.errors == [
        (1, "có phương án để trống"),
        (3, "cần từ 2 đến 6 phương án (đang có 7)"),
        (5, "có hai phương án trùng nhau"),
        (7, "câu nhiều đáp án cần từ 1 đến 4 phương án đúng (đang có 5)"),
        (9, "câu nhiều đáp án cần từ 1 đến 4 phương án đúng (đang có 0)"),
        (11, "câu có “=” lại có phương án được một phần điểm (~%…%): hệ thống chỉ có phương án đúng hoặc sai; "
             "câu nhiều đáp án hãy ghi mọi phương án bằng ~%…%"),
        (13, "trọng số của phương án “%150%A” không hợp lệ (ghi từ -100 đến 100, ví dụ ~%50%)"),
        (15, "thiếu dấu “{” hoặc “}” của phần đáp án"),
        (17, "có hơn một phần đáp án { … }: các câu hỏi phải cách nhau một dòng trống"),
        (21, "độ khó “Rất khó” không hợp lệ (ghi Dễ, Trung bình hoặc Khó)"),
    ]
    assert [q.text for q in parsed.questions] == ["Câu hợp lệ?"]


def test_to_gift_writes_moodle_syntax_with_weights_escapes_and_tokens():
    text = formats.to_gift([*BANK[:2], Q(line=0, text="Tỷ lệ 1:2 {a}?", options=[("= x", True), ("~ y", False)])])

    assert text == (
        "// [tag:chỉ thị 05] [tag:mốc thời gian] [do-kho:Dễ] [van-ban:05-CT/TW]\n"
        "Chỉ thị 05-CT/TW của Bộ Chính trị được ban hành ngày nào? {\n"
        "\t=15/5/2016\n\t~19/5/2016\n\t~03/02/2017\n\t~02/9/2016\n"
        "\t####Bộ Chính trị ban hành Chỉ thị 05-CT/TW ngày 15/5/2016.\n"
        "}\n"
        "\n"
        "// [tag:kết luận 01] [do-kho:Khó] [chuyen-de:Ý chí tự lực, tự cường]\n"
        "Những nội dung nào là trọng tâm của Kết luận 01-KL/TW? {\n"
        "\t~%33.33333%Học tập tư tưởng, đạo đức, phong cách Hồ Chí Minh\n"
        "\t~%33.33333%Làm theo Bác\n"
        "\t~%33.33333%Nêu gương của người đứng đầu\n"
        "\t~%-33.33333%Tăng số buổi sinh hoạt\n"
        "\t####Ba nội dung\\: học tập, làm theo và nêu gương.\n"
        "}\n"
        "\n"
        "// [do-kho:Trung bình]\n"
        "Tỷ lệ 1\\:2 \\{a\\}? {\n"
        "\t=\\= x\n\t~\\~ y\n"
        "}\n"
    )


def test_gift_round_trip_gives_the_same_questions():
    tricky = Q(line=0, text="Ký hiệu \\ và # và ~ và = và : và {} [chuyen-de:không phải token]",
               options=[("Đúng \\ là đúng", True), ("Sai: {x}", False)], tags="a]b, c")
    questions = [*BANK, tricky]

    parsed = formats.parse_gift(formats.to_gift(questions))

    assert parsed.errors == []
    assert _lineless(parsed.questions) == questions


# Aiken -------------------------------------------------------------------------------------------

AIKEN_FILE = """Chỉ thị 05-CT/TW của Bộ Chính trị được ban hành năm nào?
A. 2011
B. 2016
C. 2019
D. 2021
ANSWER: B

Theo Quy định 144-QĐ/TW,
chuẩn mực đạo đức của cán bộ, đảng viên gồm mấy nhóm?
A) Ba nhóm
B) Năm nhóm
C) Bảy nhóm
ANSWER: B
Bác Hồ sinh năm nào?
A. 1890
B. 1911
ANSWER: A
"""


def test_aiken_reads_both_option_styles_multi_line_text_and_no_blank_line():
    parsed = formats.parse_aiken(AIKEN_FILE)

    assert parsed.errors == []
    assert parsed.questions == [
        Q(line=1, text="Chỉ thị 05-CT/TW của Bộ Chính trị được ban hành năm nào?",
          options=[("2011", False), ("2016", True), ("2019", False), ("2021", False)]),
        Q(line=8, text="Theo Quy định 144-QĐ/TW,\nchuẩn mực đạo đức của cán bộ, đảng viên gồm mấy nhóm?",
          options=[("Ba nhóm", False), ("Năm nhóm", True), ("Bảy nhóm", False)]),
        Q(line=14, text="Bác Hồ sinh năm nào?", options=[("1890", True), ("1911", False)]),
    ]


def test_aiken_each_mistake_is_reported_with_its_line():
    text = """Câu thiếu dòng đáp án?
A. Có
B. Không

Câu ghi hai đáp án?
A. Học tập
B. Làm theo
C. Nêu gương
ANSWER: A, C

Câu đáp án ngoài phương án?
A. Một
B. Hai
ANSWER: E

Câu phương án sai thứ tự?
A. Một
C. Hai
ANSWER: A

Câu ghi answer chữ thường?
A. Một
B. Hai
Answer: A

A. Phương án không có câu hỏi
ANSWER: A

Câu phương án chữ thường?
A. Một
b. Hai
ANSWER: A

Câu chỉ một phương án?
A. Duy nhất
ANSWER: A

Câu trùng phương án?
A. Nêu gương
B. Nêu gương
ANSWER: A

Câu hợp lệ?
A. Có
B. Không
ANSWER: A

Câu cuối không có phương án
"""
    parsed = formats.parse_aiken(text)

    assert parsed.errors == [
        (1, "thiếu dòng “ANSWER: X” sau các phương án"),
        (9, "Aiken chỉ có một đáp án đúng (đang ghi “A, C”); câu nhiều đáp án hãy dùng GIFT hoặc Excel"),
        (14, "đáp án “E” không có trong các phương án (A–B)"),
        (18, "phương án thứ 2 phải là “B”, đang là “C”"),
        (24, "dòng đáp án phải viết đúng “ANSWER: X” (chữ in hoa), đang là “Answer: A”"),
        (26, "phương án “A. Phương án không có câu hỏi” không thuộc câu hỏi nào"),
        (31, "phương án phải bắt đầu bằng chữ in hoa: “B.”, không phải “b.”"),
        (29, "cần từ 2 đến 6 phương án (đang có 1)"),  # the line "b. Hai" is no option
        (34, "cần từ 2 đến 6 phương án (đang có 1)"),
        (38, "có hai phương án trùng nhau"),
        (48, "chưa có phương án (A. …) và dòng “ANSWER: X”"),
    ]
    assert [q.text for q in parsed.questions] == ["Câu hợp lệ?"]


def test_to_aiken_skips_multiple_choice_and_says_how_many():
    text, skipped = formats.to_aiken(BANK)

    assert skipped == 1
    assert text == (
        "Chỉ thị 05-CT/TW của Bộ Chính trị được ban hành ngày nào?\n"
        "A. 15/5/2016\nB. 19/5/2016\nC. 03/02/2017\nD. 02/9/2016\nANSWER: A\n"
        "\n"
        "Theo Bác, “cần, kiệm, liêm, chính” là gì? Chọn câu đúng nhất:\n"
        "A. Bốn đức tính của người cách mạng\nB. Bốn nhiệm vụ của chi bộ\nANSWER: A\n"
    )


def test_aiken_round_trip_keeps_what_aiken_holds():
    single = [Q(line=0, text=q.text.replace("\n", " "), options=q.options) for q in BANK if q.kind == "mot"]

    text, skipped = formats.to_aiken(single)
    parsed = formats.parse_aiken(text)

    assert (skipped, parsed.errors) == (0, [])
    assert _lineless(parsed.questions) == single


# Excel -------------------------------------------------------------------------------------------

def test_excel_reads_template_columns_in_any_order_and_without_diacritics():
    header = ["Dap an dung", "Cau hoi", "Phuong an B", "Phuong an A", "Phuong an C", "Do kho", "The", "Giai thich",
              "So hieu van ban", "Chuyen de"]
    rows = [
        ["B", "Chỉ thị 05-CT/TW ban hành năm nào?", "2016", "2011", "", "Dễ", "chỉ thị 05 ,  mốc", "Ngày 15/5/2016.",
         " 05-CT/TW ", ""],
        ["a; c", "Nội dung nào là làm theo Bác?", "Chỉ nói", "Nói đi đôi với làm", "Gần dân", "", "", "", "",
         "Ý chí tự lực"],
    ]

    parsed = formats.parse_excel(_xlsx(header, rows), max_bytes=2 * MB)

    assert parsed.errors == []
    assert parsed.questions == [
        Q(line=2, text="Chỉ thị 05-CT/TW ban hành năm nào?", options=[("2011", False), ("2016", True)],
          explanation="Ngày 15/5/2016.", tags="chỉ thị 05, mốc", difficulty=1, document_ref="05-CT/TW"),
        Q(line=3, text="Nội dung nào là làm theo Bác?",
          options=[("Nói đi đôi với làm", True), ("Chỉ nói", False), ("Gần dân", True)], topic_name="Ý chí tự lực"),
    ]
    assert [q.kind for q in parsed.questions] == ["mot", "nhieu"]


def test_excel_each_bad_row_is_reported_with_its_row_number():
    header = formats.excel_header()

    def row(text, a, b, c, d, e, f, answer, difficulty=""):
        return [text, a, b, c, d, e, f, answer, "", "", difficulty, "", ""]

    rows = [
        row("Câu thiếu đáp án", "Một", "Hai", "", "", "", "", ""),
        row("Câu đáp án G", "Một", "Hai", "", "", "", "", "G"),
        row("Câu đáp án trỏ vào ô trống", "Một", "Hai", "", "", "", "", "C"),
        row("Câu năm đáp án đúng", "A1", "B1", "C1", "D1", "E1", "F1", "A, B, C, D, E"),
        row("Câu một phương án", "Một", "", "", "", "", "", "A"),
        row("", "Một", "Hai", "", "", "", "", "A"),
        row("Câu độ khó lạ", "Một", "Hai", "", "", "", "", "A", difficulty="Rất khó"),
        row("Câu hợp lệ", "Một", "Hai", "", "", "", "", "B", difficulty="Khó"),
    ]

    parsed = formats.parse_excel(_xlsx(header, rows), max_bytes=2 * MB)

    assert parsed.errors == [
        (2, "thiếu đáp án đúng (ghi chữ cái của phương án, ví dụ “B” hoặc “A, C”)"),
        (3, "đáp án đúng “G” không hợp lệ (ghi chữ cái của phương án, ví dụ “B” hoặc “A, C”)"),
        (4, "đáp án đúng C nhưng phương án C để trống"),
        (5, "câu nhiều đáp án cần từ 1 đến 4 phương án đúng (đang có 5)"),
        (6, "cần từ 2 đến 6 phương án (đang có 1)"),
        (7, "câu hỏi để trống"),
        (8, "độ khó “Rất khó” không hợp lệ (ghi Dễ, Trung bình hoặc Khó)"),
    ]
    assert [(q.line, q.text, q.difficulty) for q in parsed.questions] == [(9, "Câu hợp lệ", 3)]


def test_excel_without_required_columns_or_too_big_is_refused():
    with pytest.raises(ValidationError) as error:
        formats.parse_excel(_xlsx(["Câu hỏi", "Phương án A"], [["Câu?", "Một"]]), max_bytes=2 * MB)
    assert error.value.messages == ["Thiếu cột: “Phương án B”, “Đáp án đúng”. Hãy dùng tệp mẫu."]
    with pytest.raises(ValidationError) as error:
        formats.parse_excel(_xlsx(formats.excel_header(), [["Câu?", "Một", "Hai"]]), max_bytes=100)
    assert error.value.messages == ["Tệp quá lớn (tối đa 0 MB)."]


def test_excel_round_trip_gives_the_same_questions():
    single_line = [dataclasses.replace(q, text=q.text.replace("\n", " ")) for q in BANK]  # a cell reads as one line
    title, header, rows = formats.excel_sheet(single_line)

    parsed = formats.parse_excel(_xlsx(header, rows), max_bytes=2 * MB)

    assert (title, parsed.errors) == ("Câu hỏi", [])
    assert _lineless(parsed.questions) == single_line


def test_excel_template_has_the_columns_and_one_example_row_that_reads_back():
    sheets = formats.excel_template()
    (title, header, rows), (guide_title, _, _) = sheets

    assert (title, guide_title, len(rows)) == ("Câu hỏi", "Hướng dẫn", 1)
    assert header == ["Câu hỏi *", "Phương án A *", "Phương án B *", "Phương án C", "Phương án D", "Phương án E",
                      "Phương án F", "Đáp án đúng *", "Giải thích", "Thẻ", "Độ khó", "Số hiệu văn bản", "Chuyên đề"]
    parsed = formats.parse_excel(SimpleUploadedFile("mau.xlsx", write_workbook(sheets).getvalue()), max_bytes=2 * MB)
    assert parsed.questions == [formats.EXAMPLE]


# Text files --------------------------------------------------------------------------------------

def test_text_must_be_utf8_with_or_without_bom():
    assert formats.decode_text("\ufeffCâu hỏi".encode()) == "Câu hỏi"
    assert formats.decode_text("Câu hỏi".encode()) == "Câu hỏi"
    with pytest.raises(UnicodeDecodeError):
        formats.decode_text("Câu hỏi".encode("utf-16"))
    with pytest.raises(UnicodeDecodeError):
        formats.decode_text("Cau hoi co dau: \xe2".encode("latin-1"))
