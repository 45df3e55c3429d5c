from django import template

from hocbac.core import text

register = template.Library()


@register.filter
def so(value, decimals=0):
    """{{ 3790|so }} → 3.790"""
    return text.format_number(value, int(decimals))


@register.simple_tag
def ti_le(numerator, denominator, decimals=1):
    """{% ti_le 3790 3985 %} → 95,1%"""
    return text.format_percent(numerator, denominator, int(decimals))


@register.filter
def van_ban(value):
    """{{ reflection.body|van_ban }}: what a member wrote as safe paragraphs (core.text)."""
    return text.render_simple_text(value)


@register.filter
def ngay(value):
    """{{ "2026-03-31"|ngay }} → 31/03/2026 (a date kept as ISO text, e.g. in a JSON field)."""
    import datetime

    try:
        day = value if isinstance(value, datetime.date) else datetime.date.fromisoformat(str(value))
    except ValueError:
        return value
    return f"{day:%d/%m/%Y}"


@register.filter
def giay(milliseconds):
    """{{ 83400|giay }} → "1 phút 23,4 giây" (a duration kept in milliseconds)."""
    if milliseconds is None or milliseconds == "":
        return ""
    minutes, ms = divmod(int(milliseconds), 60_000)
    seconds = text.format_number(ms / 1000, 1)
    return f"{minutes} phút {seconds} giây" if minutes else f"{seconds} giây"
