import datetime

from django import forms

from hocbac.orgs.forms import DateInput

from .models import MAX_DEEDS, Result

TEXTAREA = {"rows": 4}


class RegistrationForm(forms.Form):
    """The four parts; deeds are rows of (việc làm, kết quả/minh chứng)."""

    study_plan = forms.CharField(label="Nội dung học tập", widget=forms.Textarea(attrs=TEXTAREA), required=False)
    exemplary = forms.CharField(label="Cam kết nêu gương", widget=forms.Textarea(attrs=TEXTAREA), required=False)
    anti_degradation = forms.CharField(label="Cam kết chống suy thoái", widget=forms.Textarea(attrs=TEXTAREA), required=False)

    def __init__(self, *args, parts=(), deeds=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key, title, guidance, example in parts:
            if key in self.fields:
                self.fields[key].label = title
                self.fields[key].help_text = f"{guidance} Ví dụ: {example}"
        deeds = list(deeds)
        for index in range(MAX_DEEDS):
            deed = deeds[index] if index < len(deeds) else {}
            self.fields[f"deed_{index}"] = forms.CharField(label=f"Việc làm theo {index + 1}", required=False,
                                                           initial=deed.get("text", ""), max_length=500)
            self.fields[f"measure_{index}"] = forms.CharField(label="Kết quả đo được / minh chứng", required=False,
                                                              initial=deed.get("measure", ""), max_length=300)

    def deeds(self):
        return [{"text": self.cleaned_data[f"deed_{i}"], "measure": self.cleaned_data[f"measure_{i}"]}
                for i in range(MAX_DEEDS)]


class CheckInForm(forms.Form):
    note = forms.CharField(label="Nhận xét chung giữa năm", widget=forms.Textarea(attrs=TEXTAREA), required=False)

    def __init__(self, *args, deeds=(), **kwargs):
        super().__init__(*args, **kwargs)
        for index, deed in enumerate(deeds):
            self.fields[f"progress_{index}"] = forms.CharField(label=deed["text"], required=False, max_length=300,
                                                               initial=deed.get("progress", ""))

    def progress(self, count):
        return [self.cleaned_data.get(f"progress_{i}", "") for i in range(count)]


class SelfAssessmentForm(forms.Form):
    text = forms.CharField(label="Tự đánh giá cuối năm", widget=forms.Textarea(attrs={"rows": 6}),
                           error_messages={"required": "Hãy viết phần tự đánh giá."})


class EvaluationForm(forms.Form):
    result = forms.ChoiceField(label="Kết quả", choices=Result.choices, widget=forms.RadioSelect)
    comment = forms.CharField(label="Nhận xét của chi bộ", widget=forms.Textarea(attrs=TEXTAREA), required=False)


class DiscloseForm(forms.Form):
    on = forms.DateField(label="Ngày sinh hoạt chi bộ công khai", initial=datetime.date.today,
                         widget=DateInput())


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Lý do mở lại", max_length=300)


class OrgPlanForm(forms.Form):
    content = forms.CharField(label="Nội dung kế hoạch", widget=forms.Textarea(attrs={"rows": 8}))
    in_resolution = forms.BooleanField(label="Đã đưa vào nghị quyết của cấp ủy, chi bộ", required=False)


class TemplateForm(forms.Form):
    """A committee's guidance and example for each part of the year's registration."""

    intro = forms.CharField(label="Lời dẫn", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, parts=(), **kwargs):
        super().__init__(*args, **kwargs)
        for key, title, guidance, example in parts:
            self.fields[f"{key}_guidance"] = forms.CharField(label=f"{title}: hướng dẫn", initial=guidance,
                                                             widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"{key}_example"] = forms.CharField(label=f"{title}: ví dụ", initial=example, required=False,
                                                            widget=forms.Textarea(attrs={"rows": 2}))

    def sections(self, parts):
        return {key: {"guidance": self.cleaned_data[f"{key}_guidance"], "example": self.cleaned_data[f"{key}_example"]}
                for key, *_ in parts}
