from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hocbac.core.audit import log_action

from . import services
from .forms import LoginForm, PasswordChangeForm
from .models import User


def login_view(request):
    if request.user.is_authenticated:
        return redirect("home")
    form = LoginForm(request.POST or None)
    status = 200
    response_headers = {}
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        ip = services.client_ip(request)
        wait = services.retry_after_seconds(username=username, ip=ip)
        if wait:
            minutes = max(1, round(wait / 60))
            form.add_error(None, f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng {minutes} phút.")
            status, response_headers = 429, {"Retry-After": str(wait)}
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            services.record_login_attempt(username=username, ip=ip, user=user)
            if user is None:
                form.add_error(None, "Tên đăng nhập hoặc mật khẩu không đúng.")
            else:
                login(request, user)
                # "Ghi nhớ": a member's phone stays signed in for weeks; otherwise until the browser
                # closes, with idle and absolute limits (services.session_limits).
                services.start_session(request.session, user, remember=form.cleaned_data["remember"])
                next_url = request.POST.get("next") or request.GET.get("next")
                if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
                    return redirect(next_url)
                return redirect("home")
    response = render(request, "accounts/login.html", {"form": form, "next": request.GET.get("next", "")}, status=status)
    for key, value in response_headers.items():
        response[key] = value
    return response


@require_POST
def logout_view(request):
    logout(request)
    return redirect("accounts:login")


@login_required
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        user.set_password(form.cleaned_data["new_password"])
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        update_session_auth_hash(request, user)
        services.end_sessions_of(user, keep_session_key=request.session.session_key)
        services.keep_current_session(request.session, user)
        log_action("account.password_change", by=user, obj=user, summary=f"Đổi mật khẩu: {user.username}",
                   ip=services.client_ip(request))
        messages.success(request, "Đã đổi mật khẩu.")
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


@login_required
def end_sessions(request, user_id):
    """A system administrator signs an account out of every device (a lost phone, a leak)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    target = get_object_or_404(User, pk=user_id)
    if request.method == "POST":
        services.end_user_sessions(target, by=request.user, ip=services.client_ip(request))
        messages.success(request, f"Đã đăng xuất tài khoản {target.username} khỏi mọi thiết bị.")
        return redirect("accounts:end_sessions", user_id=target.pk)
    return render(request, "accounts/end_sessions.html", {"target": target})
