"""The JSON API under /api/v1/ (schema at /api/v1/openapi.json; no interactive docs, which
would load scripts from a CDN). Personal tokens (`Authorization: Bearer …`, from `hocbac token
USER`) or the browser session (with its CSRF token for writes). Scoping is the web's: reads and
writes go through `orgs.scoping`, and anything out of reach is 404, never 403."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer, SessionAuth

from hocbac.accounts.services import user_for_token


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        return user_for_token(token)


class OneTimePasswordChanged(PermissionDenied):
    pass


def _usable(user):
    if user is not None and user.must_change_password:
        raise OneTimePasswordChanged
    return user


class Bearer(BearerToken):
    def authenticate(self, request, token):
        return _usable(super().authenticate(request, token))


class Session(SessionAuth):
    def authenticate(self, request, key):
        return _usable(super().authenticate(request, key))


class Utf8Renderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # "Nguyễn Văn A", readable in a terminal


api = NinjaAPI(title="hocbac API", version="1", urls_namespace="api", docs_url=None, auth=[Bearer(), Session()],
               renderer=Utf8Renderer())


def _detail(request, message, status):
    return api.create_response(request, {"detail": message}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _detail(request, "Chưa đăng nhập: gửi mã API (Authorization: Bearer …) hoặc đăng nhập.", 401)


@api.exception_handler(OneTimePasswordChanged)
def _must_change_password(request, exc):
    return _detail(request, "Tài khoản đang dùng mật khẩu tạm: hãy đăng nhập trang web và đổi mật khẩu trước.", 403)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _detail(request, "Đồng chí không có quyền làm việc này ở tổ chức này.", 403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _detail(request, "Không tìm thấy (hoặc ngoài phạm vi của đồng chí).", 404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    return _detail(request, " ".join(exc.messages), 400)


@api.exception_handler(SchemaError)
def _malformed(request, exc):
    fields = sorted({".".join(str(part) for part in error["loc"][1:]) for error in exc.errors})
    return api.create_response(request, {"detail": "Dữ liệu gửi lên không hợp lệ: " + ", ".join(fields) + ".",
                                         "errors": exc.errors}, status=422)


from . import orgs, study  # noqa: E402  (routers use `api` for nothing; imported for registration)

api.add_router("", orgs.router)
api.add_router("", study.router)
