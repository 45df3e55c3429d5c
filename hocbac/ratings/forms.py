from django import forms
from django.core.validators import MaxValueValidator

from .models import Cadence, Judged, Rating, Target


class SetForm(forms.Form):
    """A committee's set: the levels and the criteria as lines, so the phone keyboard is enough."""

    name = forms.CharField(label="Tên bộ tiêu chí", max_length=200)
    target = forms.ChoiceField(label="Đối tượng", choices=Target.choices)
    cadence = forms.ChoiceField(label="Kỳ phân loại", choices=Cadence.choices, initial=Cadence.MONTHLY)
    basis = forms.CharField(label="Căn cứ", max_length=200, required=False)
    levels = forms.CharField(label="Mức phân loại", widget=forms.Textarea(attrs={"rows": 4}),
                             initial="Tốt: 100\nKhá: 75\nTrung bình: 50\nYếu: 0",
                             help_text="Mỗi dòng một mức, từ cao xuống thấp: tên mức, dấu hai chấm, tỷ lệ điểm tối thiểu (%)")
    criteria = forms.CharField(label="Tiêu chí", widget=forms.Textarea(attrs={"rows": 6}),
                               help_text="Mỗi dòng một tiêu chí (đánh giá đạt / chưa đạt, 1 điểm)")

    def clean_levels(self):
        levels = []
        for line in self.cleaned_data["levels"].splitlines():
            if not line.strip():
                continue
            label, _, minimum = line.rpartition(":")
            if not label.strip() or not minimum.strip().isdigit():
                raise forms.ValidationError(f"Dòng “{line.strip()}”: cần dạng “Tên mức: số %”.")
            levels.append([label.strip(), int(minimum)])
        return levels

    def clean_criteria(self):
        lines = [line.strip() for line in self.cleaned_data["criteria"].splitlines() if line.strip()]
        return [{"text": line, "points": 1, "judged": Judged.YES_NO, "auto_source": ""} for line in lines]


class PointsForm(forms.Form):
    general = forms.DecimalField(label="Điểm tiêu chí chung", min_value=0, decimal_places=2)
    tasks = forms.DecimalField(label="Điểm kết quả thực hiện nhiệm vụ", min_value=0, decimal_places=2)
    note = forms.CharField(label="Tự nhận xét", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, frame, **kwargs):
        super().__init__(*args, **kwargs)
        if frame is not None:
            for name, most in (("general", frame.general_points), ("tasks", frame.task_points)):
                self.fields[name].max_value = most
                self.fields[name].validators.append(MaxValueValidator(most))
                self.fields[name].widget.attrs["max"] = most
            self.fields["general"].label = f"Điểm tiêu chí chung (tối đa {frame.general_points})"
            self.fields["tasks"].label = f"Điểm kết quả thực hiện nhiệm vụ (tối đa {frame.task_points})"


class ProposalForm(PointsForm):
    conditions = forms.TypedMultipleChoiceField(label="Trường hợp xếp không hoàn thành nhiệm vụ", coerce=int,
                                                required=False, widget=forms.CheckboxSelectMultiple)
    field_order = ["general", "tasks", "conditions", "note"]

    def __init__(self, *args, frame, note_label="Nhận xét của chi bộ", **kwargs):
        super().__init__(*args, frame=frame, **kwargs)
        self.fields["note"].label = note_label
        self.fields["conditions"].choices = list(enumerate(frame.conditions)) if frame else []


class DecisionForm(forms.Form):
    level = forms.ChoiceField(label="Xếp loại", choices=Rating.choices)
    exception = forms.CharField(label="Lý do vượt tỷ lệ (nếu có)", required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
