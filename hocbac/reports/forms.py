from django import forms
from django.utils import timezone

from . import periods
from .models import Report, ReportKind


def _period_choices(today):
    """Quarters, halves and years of this year and the two before, begun by `today`."""
    choices = []
    for year in (today.year, today.year - 1, today.year - 2):
        for period in periods.of_year(year):
            if "-" not in period.code or period.code[5] in "QH":
                if period.start <= today:
                    choices.append((period.code, period.label))
    return choices


class NewReportForm(forms.Form):
    kind = forms.ChoiceField(label="Loại báo cáo", choices=ReportKind.choices, initial=ReportKind.HALF)
    period = forms.ChoiceField(label="Kỳ (quý, 6 tháng, năm)", required=False)
    first_year = forms.IntegerField(label="Báo cáo nhiều năm: từ năm", required=False, min_value=2000, max_value=2100)
    last_year = forms.IntegerField(label="đến năm", required=False, min_value=2000, max_value=2100)
    title = forms.CharField(label="Trích yếu", max_length=300,
                            initial="Sơ kết việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
    place = forms.CharField(label="Địa danh", max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", "—"), *_period_choices(timezone.localdate())]

    def period_codes(self):
        data = self.cleaned_data
        if data["kind"] == ReportKind.YEARS:
            first, last = data.get("first_year"), data.get("last_year")
            return [str(year) for year in range(first, last + 1)] if first and last else []
        return [data["period"]] if data.get("period") else []


class ReportTextsForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["title", "place", "situation", "leadership", "exemplary", "commendations", "limitations", "lessons",
                  "direction", "proposals", "recipients", "signer_title", "signer_name"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in
                   ["situation", "leadership", "exemplary", "commendations", "limitations", "lessons", "direction",
                    "proposals", "recipients"]}
        help_texts = {"recipients": "Mỗi dòng một nơi nhận, ví dụ “- Ban Thường vụ Tỉnh ủy (b/c),”."}
