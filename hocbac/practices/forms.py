from django import forms
from django.utils import timezone

from hocbac.orgs.forms import DateInput
from hocbac.orgs.models import Member

from .models import (
    EvidenceKind,
    Field,
    Holder,
    Origin,
    Period,
    Proposal,
    Status,
    Verdict,
)


class PracticeForm(forms.Form):
    """A model of the request's organisation; members and fields fenced to what it may use."""

    name = forms.CharField(label="Tên mô hình", max_length=300)
    origin = forms.ChoiceField(label="Nguồn", choices=Origin.choices, initial=Origin.OWN,
                               help_text="Cấp ủy phát động trong toàn đảng bộ, hay mô hình riêng của tổ chức này")
    holder = forms.ChoiceField(label="Tập thể hay cá nhân", choices=Holder.choices, initial=Holder.COLLECTIVE)
    member = forms.ModelChoiceField(label="Đảng viên thực hiện (mô hình cá nhân)", queryset=Member.objects.none(),
                                    required=False)
    field = forms.ModelChoiceField(label="Lĩnh vực", queryset=Field.objects.none())
    started_on = forms.DateField(label="Ngày bắt đầu", widget=DateInput())
    goals = forms.CharField(label="Mục tiêu", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label="Mô tả, cách làm", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    result = forms.CharField(label="Kết quả khi nhân rộng", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, org, practice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = Member.objects.in_subtree(org).order_by("sort_key")
        fields = Field.objects.filter(is_active=True)
        if practice is not None:  # a model keeps its field even if the catalogue retired it
            fields = Field.objects.filter(pk=practice.field_id) | fields
            del self.fields["origin"]
        if practice is None or not practice.is_adoption:
            del self.fields["result"]
        self.fields["field"].queryset = fields

    def clean(self):
        data = super().clean()
        if data.get("holder") == Holder.INDIVIDUAL and not data.get("member"):
            self.add_error("member", "Mô hình cá nhân phải chọn đảng viên thực hiện.")
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng mới", choices=Status.choices)
    changed_on = forms.DateField(label="Từ ngày", widget=DateInput(), initial=timezone.localdate)
    note = forms.CharField(label="Lý do, ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    recognised_by = forms.CharField(label="Cơ quan công nhận (khi công nhận tiêu biểu, xuất sắc)", required=False,
                                    max_length=200, help_text="vd: Thị ủy Long Mỹ")
    decision = forms.CharField(label="Số quyết định", required=False, max_length=60, help_text="vd: 15-QĐ/TU")
    decided_on = forms.DateField(label="Ngày quyết định", required=False, widget=DateInput())


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label="Loại minh chứng", choices=EvidenceKind.choices)
    caption = forms.CharField(label="Chú thích", required=False, max_length=300)
    session = forms.ModelChoiceField(label="Buổi học tập, sinh hoạt", queryset=None, required=False)
    document = forms.ModelChoiceField(label="Văn bản", queryset=None, required=False)
    photo = forms.FileField(label="Ảnh (JPEG, PNG, WebP; tối đa 5 MB)", required=False,
                            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))
    url = forms.URLField(label="Liên kết", required=False, max_length=500, assume_scheme="https")

    def __init__(self, *args, sessions, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["document"].queryset = documents


class ReviewForm(forms.Form):
    year = forms.TypedChoiceField(label="Năm", coerce=int)
    period = forms.ChoiceField(label="Kỳ", choices=Period.choices, initial=Period.YEAR)
    verdict = forms.ChoiceField(label="Đánh giá", choices=Verdict.choices)
    assessment = forms.CharField(label="Nhận xét", widget=forms.Textarea(attrs={"rows": 4}))
    proposal = forms.ChoiceField(label="Đề xuất", choices=Proposal.choices, initial=Proposal.KEEP)

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year, practice.started_on.year - 1, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        self.fields["year"].initial = this_year


class AdoptForm(forms.Form):
    name = forms.CharField(label="Tên mô hình tại tổ chức", max_length=300)
    started_on = forms.DateField(label="Ngày bắt đầu thực hiện", widget=DateInput(), initial=timezone.localdate)
    goals = forms.CharField(label="Mục tiêu", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description = forms.CharField(label="Cách làm tại tổ chức", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class FieldForm(forms.Form):
    name = forms.CharField(label="Tên lĩnh vực", max_length=120)
    position = forms.IntegerField(label="Thứ tự", min_value=0, max_value=999, initial=0)
    is_active = forms.BooleanField(label="Đang dùng", required=False, initial=True)
