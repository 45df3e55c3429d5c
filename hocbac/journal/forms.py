import datetime
import secrets

from django import forms
from django.utils import timezone

from hocbac.commitments.models import Registration
from hocbac.library.selectors import documents_for
from hocbac.orgs.forms import DateInput
from hocbac.study.selectors import sessions_visible_at

from .models import MAX_CORRECTIONS
from .selectors import assignable_members

FORMATTING_HELP = ("Cách một dòng trống để sang đoạn mới; dòng bắt đầu bằng “- ” thành gạch đầu dòng; "
                   "**chữ đậm**, _chữ nghiêng_.")


class EntryForm(forms.Form):
    """A notebook entry; its links are limited to what the member reaches."""

    written_on = forms.DateField(label="Ngày", widget=DateInput())
    studied = forms.CharField(label="Đã học tập", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                              help_text="Văn bản, chuyên đề, tác phẩm của Bác đã đọc, đã nghe.")
    did = forms.CharField(label="Đã làm theo", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                          help_text="Việc cụ thể đã làm ở nơi làm việc, nơi cư trú, trong gia đình.")
    will_correct = forms.CharField(label="Sẽ sửa, sẽ làm", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    document = forms.ModelChoiceField(label="Tài liệu", queryset=None, required=False, empty_label="— Không —")
    session = forms.ModelChoiceField(label="Buổi học tập, sinh hoạt", queryset=None, required=False, empty_label="— Không —")
    registration = forms.ModelChoiceField(label="Gắn với bản đăng ký làm theo", queryset=None, required=False,
                                          empty_label="— Không —")
    shared = forms.BooleanField(label="Chia sẻ với chi ủy", required=False,
                                help_text="Không chọn thì chỉ mình đồng chí xem được trang này.")

    def __init__(self, *args, member, user, **kwargs):
        super().__init__(*args, **kwargs)
        since = timezone.now() - datetime.timedelta(days=400)
        self.fields["document"].queryset = documents_for(user).order_by("-id")
        self.fields["session"].queryset = sessions_visible_at(member.org).filter(starts_at__gte=since).order_by("-starts_at")
        self.fields["session"].label_from_instance = lambda s: f"{timezone.localtime(s.starts_at):%d/%m/%Y} — {s.title}"
        self.fields["registration"].queryset = Registration.objects.in_orgs([member.org_id]).filter(member=member)
        self.fields["registration"].label_from_instance = lambda r: f"Bản đăng ký năm {r.year}"


class RemarkForm(forms.Form):
    period = forms.ChoiceField(label="Kỳ")
    text = forms.CharField(label="Nhận xét của chi ủy", widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = (
            [(f"{year}-Q{q}", f"Quý {q}/{year}") for q in range(1, 5)]
            + [(f"{year}-{m:02d}", f"Tháng {m}/{year}") for m in range(1, 13)])


class AssignForm(forms.Form):
    member = forms.ModelChoiceField(label="Đảng viên viết bài", queryset=None, empty_label="— Chọn đảng viên —")
    month = forms.TypedChoiceField(label="Tháng", coerce=int, choices=[(m, f"Tháng {m}") for m in range(1, 13)])
    due_on = forms.DateField(label="Hạn nộp", widget=DateInput(), required=False,
                             help_text="Để trống: ngày cuối tháng.")

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = assignable_members(org)
        self.fields["member"].label_from_instance = lambda m: m.full_name


class ReflectionForm(forms.Form):
    """The text, the manifestations chosen (checkboxes drawn by the template, grouped) and up to
    five corrections, each a line with a date."""

    title = forms.CharField(label="Tiêu đề", max_length=200, required=False)
    body = forms.CharField(label="Nội dung bài cảm nhận", widget=forms.Textarea(attrs={"rows": 12}), required=False,
                           help_text=FORMATTING_HELP)

    def __init__(self, *args, corrections=(), **kwargs):
        super().__init__(*args, **kwargs)
        corrections = list(corrections)
        for index in range(MAX_CORRECTIONS):
            item = corrections[index] if index < len(corrections) else {}
            self.fields[f"correction_{index}"] = forms.CharField(
                label=f"Hướng khắc phục {index + 1}", required=False, max_length=500, initial=item.get("text", ""))
            self.fields[f"correction_by_{index}"] = forms.DateField(
                label="Thời hạn", required=False, widget=DateInput(), initial=item.get("by") or None)

    def correction_rows(self):
        """[(text field, date field)] for the template."""
        return [(self[f"correction_{i}"], self[f"correction_by_{i}"]) for i in range(MAX_CORRECTIONS)]

    def corrections(self):
        return [{"text": self.cleaned_data[f"correction_{i}"], "by": self.cleaned_data[f"correction_by_{i}"]}
                for i in range(MAX_CORRECTIONS)]


class ReadForm(forms.Form):
    read_on = forms.DateField(label="Ngày đọc tại sinh hoạt", widget=DateInput())


class ConclusionForm(forms.Form):
    text = forms.CharField(label="Kết luận của chi bộ", widget=forms.Textarea(attrs={"rows": 4}))


class CommentForm(forms.Form):
    body = forms.CharField(label="Góp ý", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput())
    client_key = forms.CharField(max_length=40, widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_key", secrets.token_urlsafe(16))
        super().__init__(*args, **kwargs)


class CommentEditForm(forms.Form):
    body = forms.CharField(label="Góp ý", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ManifestationForm(forms.Form):
    label = forms.CharField(label="Tên ngắn", max_length=200)
    text = forms.CharField(label="Nội dung đầy đủ", widget=forms.Textarea(attrs={"rows": 5}), required=False,
                           help_text="Dán nguyên văn theo Nghị quyết 04-NQ/TW hoặc hướng dẫn của địa phương.")
