from hocbac.core.text import (
    collation_key,
    fold,
    format_number,
    format_percent,
    format_ratio,
    normalise_name,
    person_sort_key,
)


def test_fold_removes_diacritics_and_d_bar():
    assert fold("  Nguyễn   Văn ĐỨC ") == "nguyen van duc"
    assert fold("Tịnh Biên") == "tinh bien"


def test_normalise_name_capitalises_each_word():
    assert normalise_name("  nguyễn  văn   an ") == "Nguyễn Văn An"


def test_collation_puts_d_bar_after_d_and_breve_after_a():
    words = ["Đào", "Dung", "Ân", "An", "Ăn", "Bình", "Anh"]
    assert sorted(words, key=collation_key) == ["An", "Anh", "Ăn", "Ân", "Bình", "Dung", "Đào"]


def test_collation_orders_tones_ngang_huyen_hoi_nga_sac_nang():
    words = ["má", "mạ", "mà", "ma", "mã", "mả"]
    assert sorted(words, key=collation_key) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_collation_key_is_digits_only_for_any_database_collation():
    assert collation_key("Nguyễn Văn Đức 2").isdigit()


def test_people_sort_by_given_name_then_family_name():
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Bình", "Phạm Đức Đông", "Vũ Thị Dung"]
    assert sorted(names, key=person_sort_key) == [
        "Nguyễn Thị An", "Lê Văn Bình", "Trần Văn Bình", "Vũ Thị Dung", "Phạm Đức Đông",
    ]


def test_numbers_are_written_the_vietnamese_way():
    assert format_number(3790) == "3.790"
    assert format_number(33622) == "33.622"
    assert format_number(1234567.891, 2) == "1.234.567,89"
    assert format_number(-5000) == "-5.000"
    assert format_percent(3790, 3985) == "95,1%"
    assert format_percent(1, 0) == "—"
    assert format_ratio(3790, 3985) == "3.790/3.985 đảng viên, đạt 95,1%"
