from django import forms

from .models import Contest, Question


class GuestForm(forms.Form):
    name = forms.CharField(label="Họ và tên", max_length=120)
    phone = forms.CharField(label="Số điện thoại", max_length=20,
                            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}))
    unit = forms.CharField(label="Đơn vị, nơi ở", max_length=200)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.ModelForm):
    class Meta:
        model = Contest
        fields = ["title", "description", "document", "audience", "opens_at", "closes_at", "question_count",
                  "draw_at_random", "seconds_per_question", "shuffle_questions", "shuffle_options",
                  "attempts_allowed", "partial_credit", "has_prediction"]
        widgets = {"opens_at": DateTimeInput(), "closes_at": DateTimeInput(),
                   "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents if documents is not None else self.fields["document"].queryset.none()
        self.fields["document"].required = False


OPTION_FIELDS = [f"option_{i}" for i in range(6)]


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=Question._meta.get_field("kind").choices)
    text = forms.CharField(label="Câu hỏi", widget=forms.Textarea(attrs={"rows": 3}))
    explanation = forms.CharField(label="Giải thích (hiện sau cuộc thi)", required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    tags = forms.CharField(label="Thẻ", required=False, max_length=200, help_text="Cách nhau bởi dấu phẩy")
    difficulty = forms.TypedChoiceField(label="Độ khó", coerce=int, choices=Question._meta.get_field("difficulty").choices,
                                        initial=2)
    document = forms.ModelChoiceField(label="Tài liệu", queryset=None, required=False)
    topic = forms.ModelChoiceField(label="Chuyên đề", queryset=None, required=False)

    def __init__(self, *args, documents, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
        self.fields["topic"].queryset = topics
        for i in range(6):
            self.fields[f"option_{i}"] = forms.CharField(label=f"Phương án {chr(65 + i)}", required=False, max_length=500)
            self.fields[f"correct_{i}"] = forms.BooleanField(label="đúng", required=False)

    def options(self):
        """[(text, is_correct)] of the filled-in options, in order."""
        data = self.cleaned_data
        return [(data[f"option_{i}"], data[f"correct_{i}"]) for i in range(6) if data.get(f"option_{i}", "").strip()]

    def option_rows(self):
        return [(self[f"option_{i}"], self[f"correct_{i}"]) for i in range(6)]


class ExtraTimeForm(forms.Form):
    member = forms.ModelChoiceField(label="Đảng viên", queryset=None)
    multiplier = forms.DecimalField(label="Hệ số thời gian", min_value=1, max_value=4, decimal_places=1, initial=1.5)
    reason = forms.CharField(label="Lý do", required=False, max_length=200)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members

