"""Forms of commendations, reminders and inspection plans. Every choice field takes its
queryset from the request's organisation (`selectors`), so a hand-posted id from elsewhere
fails validation before any service is called."""

import secrets

from django import forms
from django.db.models import Q
from django.utils import timezone

from hocbac.orgs.forms import DateInput
from hocbac.orgs.models import Organization

from . import selectors
from .models import Basis, InspectionKind, Recipient, ReminderKind

FOLLOW_UP_ROWS = 5


def _member_label(member):
    return f"{member.full_name} — {member.org.name}"


def _year_field(label="Năm"):
    return forms.IntegerField(label=label, min_value=2000, max_value=2100)


class NominationForm(forms.Form):
    recipient = forms.ChoiceField(label="Đối tượng", choices=Recipient.choices, widget=forms.RadioSelect)
    member = forms.ModelChoiceField(label="Cá nhân được đề nghị", queryset=None, required=False,
                                    empty_label="— Chọn đảng viên —")
    recipient_org = forms.ModelChoiceField(label="Tập thể được đề nghị", queryset=None, required=False,
                                           empty_label="— Chọn tổ chức —")
    form = forms.ModelChoiceField(label="Hình thức khen thưởng", queryset=None, empty_label=None)
    awarding_org = forms.ModelChoiceField(label="Cấp khen thưởng (gửi đề nghị tới)", queryset=None, empty_label=None,
                                          help_text="Cấp ủy có thẩm quyền duyệt và ra quyết định khen thưởng.")
    year = _year_field("Khen thưởng năm")
    basis = forms.ChoiceField(label="Khen về", choices=Basis.choices)
    practice = forms.ModelChoiceField(label="Mô hình", queryset=None, required=False, empty_label="— Không —",
                                      help_text="Khi khen về mô hình học tập và làm theo Bác.")
    contest = forms.ModelChoiceField(label="Cuộc thi", queryset=None, required=False, empty_label="— Không —",
                                     help_text="Khi khen về kết quả cuộc thi.")
    reason = forms.CharField(label="Thành tích, lý do", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    client_key = forms.CharField(max_length=40, widget=forms.HiddenInput())

    def __init__(self, *args, org, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_key", secrets.token_urlsafe(16))
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.nominees(org)
        self.fields["member"].label_from_instance = _member_label
        self.fields["recipient_org"].queryset = selectors.recipient_orgs(org)
        self.fields["form"].queryset = selectors.active_forms()
        self.fields["awarding_org"].queryset = selectors.awarding_orgs(org)
        self.fields["practice"].queryset = selectors.linkable_practices(org)
        self.fields["practice"].label_from_instance = lambda p: f"{p.name} — {p.org.name}"
        self.fields["contest"].queryset = selectors.linkable_contests(org)
        self.fields["contest"].label_from_instance = lambda c: f"{c.title} — {c.org.name} ({timezone.localtime(c.opens_at):%d/%m/%Y})"

    def clean(self):
        data = super().clean()
        if data.get("recipient") == Recipient.COLLECTIVE:
            data["member"] = None
            if not data.get("recipient_org"):
                self.add_error("recipient_org", "Hãy chọn tập thể được đề nghị.")
        elif data.get("recipient") == Recipient.INDIVIDUAL:
            data["recipient_org"] = None
            if not data.get("member"):
                self.add_error("member", "Hãy chọn đảng viên được đề nghị.")
        basis = data.get("basis")
        if basis != Basis.PRACTICE:
            data["practice"] = None
        elif not data.get("practice"):
            self.add_error("practice", "Khen về mô hình: hãy chọn mô hình.")
        if basis != Basis.CONTEST:
            data["contest"] = None
        elif not data.get("contest"):
            self.add_error("contest", "Khen về kết quả cuộc thi: hãy chọn cuộc thi.")
        return data


class DeclineForm(forms.Form):
    reason = forms.CharField(label="Lý do không duyệt", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class DecisionFields(forms.Form):
    decision_number = forms.CharField(label="Số quyết định", max_length=60, help_text="Ví dụ: 12-QĐ/ĐU")
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput())
    signer = forms.CharField(label="Người ký", max_length=120, required=False,
                             help_text="Ví dụ: T/M Đảng ủy, Bí thư Nguyễn Văn Hùng")


class IssueForm(DecisionFields):
    """One decision for the approved commendations ticked; only those awaiting this
    organisation's decision can be ticked."""

    commendations = forms.ModelMultipleChoiceField(label="Khen thưởng đã duyệt", queryset=None,
                                                   widget=forms.CheckboxSelectMultiple,
                                                   error_messages={"required": "Hãy chọn ít nhất một khen thưởng đã duyệt."})
    field_order = ["commendations", "decision_number", "decided_on", "signer"]

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commendations"].queryset = selectors.to_issue(org)
        self.fields["commendations"].label_from_instance = lambda c: f"{c.form.name}: {c.recipient_name}"


class AwardFormName(forms.Form):
    name = forms.CharField(label="Tên hình thức", max_length=120)


# Reminders ----------------------------------------------------------------------------------

class ReminderForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=ReminderKind.choices, widget=forms.RadioSelect)
    member = forms.ModelChoiceField(label="Đảng viên", queryset=None, required=False, empty_label="— Không (nhắc tổ chức) —")
    concerned_org = forms.ModelChoiceField(label="Tổ chức", queryset=None, empty_label=None,
                                           help_text="Khi chọn đảng viên: chi bộ của đảng viên.")
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    decided_by = forms.ModelChoiceField(label="Cấp quyết định", queryset=None, empty_label=None)
    decided_on = forms.DateField(label="Ngày quyết định", widget=DateInput())
    follow_up_on = forms.DateField(label="Hạn xem lại", widget=DateInput(), required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = selectors.nominees(org)
        self.fields["member"].label_from_instance = _member_label
        self.fields["concerned_org"].queryset = selectors.recipient_orgs(org)
        self.fields["decided_by"].queryset = Organization.objects.filter(
            Q(path__startswith=org.path) | Q(pk__in=org.ancestor_ids())).order_by("depth", "sort_key")


class OutcomeForm(forms.Form):
    outcome = forms.CharField(label="Kết quả khắc phục", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    closed_on = forms.DateField(label="Kết thúc theo dõi ngày", widget=DateInput(), required=False,
                                help_text="Để trống nếu còn tiếp tục theo dõi.")


# Inspection and supervision ------------------------------------------------------------------

class InspectionItemForm(forms.Form):
    year = _year_field()
    kind = forms.ChoiceField(label="Hình thức", choices=InspectionKind.choices, widget=forms.RadioSelect)
    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    targets = forms.ModelMultipleChoiceField(label="Tổ chức được kiểm tra, giám sát", queryset=None,
                                             widget=forms.CheckboxSelectMultiple)
    starts_on = forms.DateField(label="Từ ngày", widget=DateInput())
    ends_on = forms.DateField(label="Đến ngày", widget=DateInput())
    inspectors = forms.CharField(label="Chủ thể kiểm tra, giám sát", max_length=300,
                                 help_text="Ví dụ: Ủy ban Kiểm tra Đảng ủy; Đoàn kiểm tra số 2")

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["targets"].queryset = selectors.recipient_orgs(org)


class ConclusionForm(forms.Form):
    """The conclusion and up to FOLLOW_UP_ROWS follow-ups, each for an organisation inside one
    of the item's targets."""

    conclusion = forms.CharField(label="Kết luận", widget=forms.Textarea(attrs={"rows": 5}), max_length=8000)
    concluded_on = forms.DateField(label="Ngày kết luận", widget=DateInput())

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        inside = Q(pk__in=[])
        for target in item.targets.all():
            inside |= Q(path__startswith=target.path)
        orgs = Organization.objects.filter(inside, dissolved_on__isnull=True).order_by("depth", "sort_key")
        for i in range(FOLLOW_UP_ROWS):
            self.fields[f"follow_org_{i}"] = forms.ModelChoiceField(label=f"Việc {i + 1}: tổ chức thực hiện", queryset=orgs,
                                                                    required=False, empty_label="— Chọn —")
            self.fields[f"follow_text_{i}"] = forms.CharField(label="Việc phải làm", max_length=2000, required=False)
            self.fields[f"follow_due_{i}"] = forms.DateField(label="Hạn", widget=DateInput(), required=False)

    def clean(self):
        data = super().clean()
        for i in range(FOLLOW_UP_ROWS):
            if any(f"follow_{name}_{i}" in self.errors for name in ("org", "text", "due")):
                continue
            values = [data.get(f"follow_org_{i}"), (data.get(f"follow_text_{i}") or "").strip(), data.get(f"follow_due_{i}")]
            if any(values) and not all(values):
                self.add_error(f"follow_text_{i}", "Mỗi việc phải làm cần tổ chức thực hiện, nội dung và hạn.")
        return data

    def rows(self):
        return [(self[f"follow_org_{i}"], self[f"follow_text_{i}"], self[f"follow_due_{i}"]) for i in range(FOLLOW_UP_ROWS)]

    def follow_ups(self):
        data = self.cleaned_data
        return [{"org": data[f"follow_org_{i}"], "text": data[f"follow_text_{i}"], "due_on": data[f"follow_due_{i}"]}
                for i in range(FOLLOW_UP_ROWS) if data.get(f"follow_org_{i}")]


class FollowUpDoneForm(forms.Form):
    done_on = forms.DateField(label="Hoàn thành ngày", widget=DateInput())
    note = forms.CharField(label="Kết quả thực hiện", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
