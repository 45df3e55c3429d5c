"""The JSON API under /api/v1/ (schema at /api/v1/openapi.json; no interactive docs, which
would load scripts from a CDN). Personal tokens (`Authorization: Bearer …`, from `hocbac token
USER`) or the browser session (with its CSRF token for writes). Scoping is the web's: reads and
writes go through `orgs.scoping`, and anything out of reach is 404, never 403. Every error is
`{"detail": "…"}` in Vietnamese."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from hocbac.accounts.services import user_for_token


class OneTimePasswordInUse(PermissionDenied):
    pass


class CsrfFailed(HttpError):
    def __init__(self):
        super().__init__(403, "Thiếu hoặc sai mã CSRF: tải lại trang rồi gửi lại (hoặc dùng mã API).")


def _usable(user):
    """A user still on a one-time password is signed in but may not use the API yet."""
    if user is not None and user.must_change_password:
        raise OneTimePasswordInUse
    return user


class Bearer(HttpBearer):
    def authenticate(self, request, token):
        return _usable(user_for_token(token))  # None (→ 401) for unknown, revoked or inactive


class Session(SessionAuth):
    def _get_key(self, request):
        # CSRF protects a session cookie; without one there is nothing to forge, so an
        # anonymous write gets 401 rather than a CSRF 403.
        key = request.COOKIES.get(self.param_name)
        if key and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise CsrfFailed
        return key

    def authenticate(self, request, key):
        return _usable(super().authenticate(request, key))


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # "Nguyễn Văn A", readable in a terminal


api = NinjaAPI(title="hocbac API", version="1", urls_namespace="api", docs_url=None, auth=[Bearer(), Session()],
               renderer=Utf8Renderer())


def _detail(request, message, status, **extra):
    return api.create_response(request, {"detail": message, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _detail(request, "Chưa đăng nhập: gửi mã API (Authorization: Bearer …) hoặc đăng nhập.", 401)


@api.exception_handler(OneTimePasswordInUse)
def _must_change_password(request, exc):
    return _detail(request, "Tài khoản đang dùng mật khẩu tạm: hãy đăng nhập trang web và đổi mật khẩu trước.", 403)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _detail(request, "Đồng chí không có quyền làm việc này ở tổ chức này.", 403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _detail(request, "Không tìm thấy (hoặc ngoài phạm vi của đồng chí).", 404)


@api.exception_handler(ValidationError)
def _refused(request, exc):
    """A rule a service enforces (duplicate card number, wrong parent kind, …)."""
    return _detail(request, " ".join(exc.messages), 400)


@api.exception_handler(IntegrityError)
def _conflict(request, exc):
    # The services check uniqueness first; this is the rare race of two identical requests.
    # Each service is one transaction, so nothing was half written.
    return _detail(request, "Dữ liệu trùng với một bản ghi vừa được ghi (có thể do gửi hai lần): tải lại rồi kiểm tra.", 409)


HTTP_ERRORS = {400: "Không đọc được nội dung gửi lên: cần JSON hợp lệ (Content-Type: application/json)."}


@api.exception_handler(HttpError)
def _http_error(request, exc):
    # django-ninja's own messages are English ("Cannot parse request body"); ours are not.
    if isinstance(exc, CsrfFailed):
        return _detail(request, exc.message, exc.status_code)
    return _detail(request, HTTP_ERRORS.get(exc.status_code, "Yêu cầu không hợp lệ."), exc.status_code)


FIELD_ERRORS = {
    "missing": "bắt buộc",
    "extra_forbidden": "không có trường này",
    "string_type": "phải là chuỗi (không để null: bỏ trường đi nếu không đổi)",
    "string_too_long": "dài quá {max_length} ký tự",
    "string_pattern_mismatch": "không được để trống",
    "int_parsing": "phải là số nguyên",
    "int_type": "phải là số nguyên",
    "int_from_float": "phải là số nguyên",
    "greater_than_equal": "phải từ {ge} trở lên",
    "less_than_equal": "phải từ {le} trở xuống",
    "list_type": "phải là một danh sách",
    "too_short": "cần ít nhất {min_length} mục",
    "too_long": "nhiều nhất {max_length} mục",
    "bool_parsing": "phải là true hoặc false",
    "bool_type": "phải là true hoặc false",
    "date_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_parsing": "phải là ngày dạng YYYY-MM-DD",
    "date_from_datetime_inexact": "phải là ngày dạng YYYY-MM-DD",
    "date_type": "phải là ngày dạng YYYY-MM-DD",
    "model_attributes_type": "phải là một đối tượng JSON",
    "dict_type": "phải là một đối tượng JSON",
}


def _field_error(error):
    """("birth_date", "bắt buộc") from one pydantic error as django-ninja reports it."""
    loc = [str(part) for part in error.get("loc", ())]
    # ["body", "data", "birth_date"]: drop where it came from and the body's parameter name.
    field = ".".join(loc[2:] if loc[:1] == ["body"] else loc[1:]) or "nội dung"
    if error.get("type") == "choice":
        return field, error["msg"]  # already Vietnamese (schemas.one_of)
    message = FIELD_ERRORS.get(error.get("type"), "không hợp lệ")
    return field, message.format(**error.get("ctx", {}))


@api.exception_handler(SchemaError)
def _malformed(request, exc):
    errors = [_field_error(error) for error in exc.errors]
    detail = "Dữ liệu gửi lên không hợp lệ: " + "; ".join(f"{field}: {message}" for field, message in errors) + "."
    return _detail(request, detail, 422, errors=[{"field": field, "message": message} for field, message in errors])


from . import commitments, journal, orgs, study  # noqa: E402  (routers are added after the handlers above)

api.add_router("", orgs.router)
api.add_router("", study.router)
api.add_router("", commitments.router)
api.add_router("", journal.router)
api.add_router("", "hocbac.api.contests.router")  # imported by name: one line per router added later
api.add_router("", "hocbac.api.practices.router")
api.add_router("", "hocbac.api.awards.router")
api.add_router("", "hocbac.api.ratings.router")
api.add_router("", "hocbac.api.reports.router")
api.add_router("", "hocbac.api.outreach.router")
