from django import forms

from hocbac.accounts.models import User

from .models import Member, MemberStatus, Organization, OrgKind, Role, Sector


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MemberForm(forms.ModelForm):
    class Meta:
        model = Member
        fields = ["full_name", "gender", "birth_date", "phone", "card_number", "admitted_on",
                  "full_member_on", "position", "is_key_leader"]
        widgets = {"birth_date": DateInput(), "admitted_on": DateInput(), "full_member_on": DateInput(),
                   "phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})}
        help_texts = {"card_number": "Đảng viên dự bị chưa có thẻ có thể để trống."}

    def clean(self):
        data = super().clean()
        birth, admitted, full = data.get("birth_date"), data.get("admitted_on"), data.get("full_member_on")
        if birth and admitted and admitted <= birth:
            self.add_error("admitted_on", "Ngày vào Đảng phải sau ngày sinh.")
        if admitted and full and full < admitted:
            self.add_error("full_member_on", "Ngày chính thức không thể trước ngày vào Đảng.")
        return data


class NewMemberForm(MemberForm):
    org = forms.ModelChoiceField(label="Chi bộ", queryset=Organization.objects.none())
    status = forms.ChoiceField(label="Tình trạng", choices=[(s.value, s.label) for s in
                               (MemberStatus.FULL, MemberStatus.PROBATIONARY, MemberStatus.EXEMPT)])

    class Meta(MemberForm.Meta):
        fields = ["org", *MemberForm.Meta.fields[:5], "status", *MemberForm.Meta.fields[5:]]

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from the request's organisation: a hand-posted id from elsewhere is refused.
        self.fields["org"].queryset = cells
        if cells.count() == 1:
            self.fields["org"].initial = cells.first()


class TransferForm(forms.Form):
    to_org = forms.ModelChoiceField(label="Chuyển đến chi bộ", queryset=Organization.objects.none())
    on = forms.DateField(label="Từ ngày", widget=DateInput())
    reason = forms.CharField(label="Ghi chú", required=False, max_length=200)

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = cells


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Tình trạng mới", choices=[])
    on = forms.DateField(label="Từ ngày", widget=DateInput())
    reason = forms.CharField(label="Lý do", required=False, max_length=200)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s.value, s.label) for s in choices]


class OrganizationForm(forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["code", "name", "kind", "sector", "address", "dissolved_on"]
        widgets = {"dissolved_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sector"].choices = [("", "—"), *Sector.choices]
        self.fields["kind"].choices = OrgKind.choices


class MoveForm(forms.Form):
    new_parent = forms.ModelChoiceField(label="Chuyển trực thuộc", queryset=Organization.objects.none())

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = targets


class GrantForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập của người được giao", max_length=150)
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        try:
            return User.objects.get(username=username, is_active=True)
        except User.DoesNotExist:
            raise forms.ValidationError("Không có tài khoản đang hoạt động với tên đăng nhập này.") from None
