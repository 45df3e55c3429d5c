from django import forms

from hocbac.orgs.forms import DateInput

from .models import Document, DocumentKind


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "number_symbol", "issue_number", "issued_on", "issuer", "title", "summary", "body",
                  "topics", "is_public"]
        widgets = {"issued_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3}),
                   "body": forms.Textarea(attrs={"rows": 8}), "topics": forms.CheckboxSelectMultiple}

    attachment = forms.FileField(label="Tệp đính kèm (PDF hoặc Word, tối đa 20 MB)", required=False)

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = topics
        self.fields["kind"].choices = DocumentKind.choices

    def clean(self):
        data = super().clean()
        if data.get("kind") == DocumentKind.ARTICLE and not data.get("issue_number"):
            self.add_error("issue_number", "Bài viết chuyên mục cần số kỳ (vd: 97).")
        return data


class TopicForm(forms.Form):
    name = forms.CharField(label="Tên chuyên đề", max_length=400)
    year = forms.IntegerField(label="Năm (để trống nếu là chuyên đề toàn khóa)", required=False, min_value=1990, max_value=2100)
    parent = forms.ModelChoiceField(label="Thuộc chuyên đề toàn khóa", required=False, queryset=None)
    description = forms.CharField(label="Nội dung chính", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
