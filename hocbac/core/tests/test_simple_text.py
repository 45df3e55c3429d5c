"""render_simple_text: what members write shows as text, never as markup; only http(s)
addresses become links; a little formatting (bold, italic, lists, paragraphs)."""

import pytest
from django.utils.safestring import SafeString

from hocbac.core.text import render_simple_text

REL = 'rel="nofollow noopener noreferrer"'


def link(url):
    return f'<a href="{url}" {REL}>{url}</a>'


def test_simple_text_escapes_a_script():
    assert render_simple_text("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"


def test_simple_text_escapes_pasted_html():
    assert render_simple_text('<img src=x onerror=alert(1)> & "trích"') == (
        "<p>&lt;img src=x onerror=alert(1)&gt; &amp; &quot;trích&quot;</p>")


@pytest.mark.parametrize(("typed", "shown"), [
    ("[bấm vào đây](javascript:alert(1))", "<p>[bấm vào đây](javascript:alert(1))</p>"),
    ('<a href="javascript:alert(1)">bấm</a>', "<p>&lt;a href=&quot;javascript:alert(1)&quot;&gt;bấm&lt;/a&gt;</p>"),
    ("javascript:alert(1)", "<p>javascript:alert(1)</p>"),
    ("JaVaScRiPt:alert(document.cookie)", "<p>JaVaScRiPt:alert(document.cookie)</p>"),
    ("data:text/html;base64,PHNjcmlwdD4=", "<p>data:text/html;base64,PHNjcmlwdD4=</p>"),
])
def test_simple_text_never_links_a_script_address(typed, shown):
    html = render_simple_text(typed)
    assert (html, "<a " in html, 'href="' in html) == (shown, False, False)


def test_simple_text_links_http_and_https_addresses():
    assert render_simple_text("Xem https://dangcongsan.vn/bai-viet. Và http://hocbac.vn/tai-lieu?a=1&b=2") == (
        f"<p>Xem {link('https://dangcongsan.vn/bai-viet')}. Và {link('http://hocbac.vn/tai-lieu?a=1&amp;b=2')}</p>")


def test_simple_text_links_the_address_of_a_markdown_link_only():
    assert render_simple_text("[bài viết](https://x.vn/a_b_c)") == f"<p>[bài viết]({link('https://x.vn/a_b_c')})</p>"


def test_simple_text_ends_an_address_at_a_quote():
    assert render_simple_text('https://x.vn/"onmouseover="alert(1)') == (
        f"<p>{link('https://x.vn/')}&quot;onmouseover=&quot;alert(1)</p>")
    assert render_simple_text("javascript:alert('https://x.vn')") == (
        f"<p>javascript:alert(&#x27;{link('https://x.vn')}&#x27;)</p>")


def test_simple_text_bold_and_italic():
    assert render_simple_text("**Quyết tâm** sửa _nêu gương_ ngay") == (
        "<p><strong>Quyết tâm</strong> sửa <em>nêu gương</em> ngay</p>")


def test_simple_text_leaves_underscores_inside_words():
    assert render_simple_text("snake_case_name và a_b") == "<p>snake_case_name và a_b</p>"


def test_simple_text_lines_starting_with_a_dash_make_a_list():
    assert render_simple_text("- Học chuyên đề\n- **Làm theo** Bác\n* Sửa khuyết điểm") == (
        "<ul><li>Học chuyên đề</li><li><strong>Làm theo</strong> Bác</li><li>Sửa khuyết điểm</li></ul>")


def test_simple_text_a_block_mixing_dashes_and_text_stays_a_paragraph():
    assert render_simple_text("- một\nhai") == "<p>- một<br>hai</p>"


def test_simple_text_blank_lines_make_paragraphs_and_single_breaks_lines():
    assert render_simple_text("Đoạn một\ndòng hai\r\n\r\n\nĐoạn hai\n\n- việc một\n- việc hai") == (
        "<p>Đoạn một<br>dòng hai</p><p>Đoạn hai</p><ul><li>việc một</li><li>việc hai</li></ul>")


@pytest.mark.parametrize("typed", ["", None, "  \n\n  "])
def test_simple_text_of_nothing_is_empty(typed):
    assert render_simple_text(typed) == ""


def test_simple_text_is_marked_safe_for_templates():
    assert isinstance(render_simple_text("Nội dung"), SafeString)
