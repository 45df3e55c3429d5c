import secrets

from django import forms

from .models import ProposalKind, ProposalStatus


class _Keyed(forms.Form):
    """A hidden key drawn when the form is shown: a doubled post carries the same one."""

    client_key = forms.CharField(max_length=40, widget=forms.HiddenInput(), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("client_key", secrets.token_urlsafe(16))
        super().__init__(*args, **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class NoticeForm(_Keyed):
    title = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 8}), required=False)
    must_read = forms.BooleanField(label="Bắt buộc đọc (theo dõi ai chưa đọc)", required=False)
    due_on = forms.DateField(label="Đọc trước ngày", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    attachments = MultipleFileField(label="Tệp đính kèm (PDF, Word, ảnh; tối đa 5 tệp, mỗi tệp 10 MB)", required=False)
    email = forms.BooleanField(label="Gửi kèm thư điện tử cho đảng viên có địa chỉ", required=False)


class ProposalForm(_Keyed):
    kind = forms.ChoiceField(label="Loại", choices=ProposalKind.choices)
    org = forms.TypedChoiceField(label="Gửi đến", coerce=int)
    title = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)

    def __init__(self, *args, orgs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].choices = [(o.pk, o.name) for o in orgs]


class PublicProposalForm(_Keyed):
    kind = forms.ChoiceField(label="Loại", choices=ProposalKind.choices)
    name = forms.CharField(label="Họ và tên", max_length=120)
    contact = forms.CharField(label="Điện thoại hoặc thư điện tử (để chúng tôi liên hệ, không công khai)",
                              max_length=120, required=False)
    title = forms.CharField(label="Tiêu đề", max_length=200)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng", choices=ProposalStatus.choices)
    answer = forms.CharField(label="Trả lời", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    publish = forms.BooleanField(label="Công khai câu hỏi và câu trả lời trên trang công khai", required=False)


class ArticleForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=300)
    lead = forms.CharField(label="Sa pô (đoạn mở đầu)", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="Văn bản thường; mỗi đoạn cách một dòng trống, dòng bắt đầu bằng “- ” là gạch đầu dòng.")


class PublishForm(forms.Form):
    what = forms.ChoiceField(label="Công khai", choices=[("mo_hinh", "Mô hình"), ("ket_qua_thi", "Kết quả cuộc thi")])
    target = forms.IntegerField(widget=forms.HiddenInput())
