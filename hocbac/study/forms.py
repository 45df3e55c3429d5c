from django import forms
from django.utils import timezone

from hocbac.library.models import Document
from hocbac.orgs.forms import DateInput
from hocbac.orgs.models import Organization

from .models import Campaign, SessionKind


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CampaignForm(forms.Form):
    title = forms.CharField(label="Tên đợt học tập", max_length=300)
    documents = forms.ModelMultipleChoiceField(label="Văn bản cần học", queryset=Document.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label="Từ ngày", widget=DateInput())
    due_on = forms.DateField(label="Hoàn thành trước ngày", widget=DateInput())
    description = forms.CharField(label="Yêu cầu", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = documents


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=SessionKind.choices)
    title = forms.CharField(label="Tên buổi", max_length=300)
    starts_at = forms.DateTimeField(label="Bắt đầu", widget=DateTimeInput())
    ends_at = forms.DateTimeField(label="Kết thúc", widget=DateTimeInput())
    place = forms.CharField(label="Địa điểm", required=False, max_length=200)
    invited_orgs = forms.ModelMultipleChoiceField(label="Tổ chức được mời (để trống: chỉ đơn vị tổ chức)", required=False,
                                                  queryset=Organization.objects.none(), widget=forms.CheckboxSelectMultiple)
    campaign = forms.ModelChoiceField(label="Thuộc đợt học tập", required=False, queryset=Campaign.objects.none())
    documents = forms.ModelMultipleChoiceField(label="Văn bản", required=False, queryset=Document.objects.none(),
                                               widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, invitable, campaigns, documents, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the request's organisation; a forged id from elsewhere is refused.
        self.fields["invited_orgs"].queryset = invitable
        self.fields["campaign"].queryset = campaigns
        self.fields["documents"].queryset = documents

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", "Giờ kết thúc phải sau giờ bắt đầu.")
        return data


class NonMemberForm(forms.Form):
    count = forms.IntegerField(label="Số quần chúng tham dự", min_value=0, max_value=100000)
    names = forms.CharField(label="Danh sách (không bắt buộc, mỗi dòng một người)", required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    start = forms.DateField(label="Từ ngày", widget=DateInput())
    end = forms.DateField(label="Đến ngày", widget=DateInput())

    @classmethod
    def for_request(cls, data):
        today = timezone.localdate()
        form = cls(data or None, initial={"start": today.replace(month=1, day=1), "end": today})
        if form.is_bound and form.is_valid() and form.cleaned_data["start"] <= form.cleaned_data["end"]:
            return form, form.cleaned_data["start"], form.cleaned_data["end"]
        return cls(initial=form.initial), form.initial["start"], form.initial["end"]
