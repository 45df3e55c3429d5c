from django import forms
from django.contrib.auth import password_validation


class LoginForm(forms.Form):
    username = forms.CharField(label="Số điện thoại hoặc số thẻ đảng viên", max_length=150,
                               widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True, "inputmode": "text"}))
    password = forms.CharField(label="Mật khẩu", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    remember = forms.BooleanField(label="Ghi nhớ đăng nhập trên máy này", required=False, initial=True)


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(label="Mật khẩu hiện tại", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}))
    new_password = forms.CharField(label="Mật khẩu mới", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
                                   help_text="Ít nhất 8 ký tự, không chỉ gồm chữ số.")
    new_password_again = forms.CharField(label="Nhập lại mật khẩu mới", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        if not self.user.check_password(self.cleaned_data["old_password"]):
            raise forms.ValidationError("Mật khẩu hiện tại không đúng.")
        return self.cleaned_data["old_password"]

    def clean(self):
        data = super().clean()
        new, again = data.get("new_password"), data.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", "Hai lần nhập mật khẩu mới không khớp.")
        if new:
            try:
                password_validation.validate_password(new, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password", error)
        return data
