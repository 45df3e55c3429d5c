"""503 instead of 500 when the database is out of connections.

At a contest's start hundreds of requests arrive in the same second. When a worker's connection
pool has nothing to lend within its timeout (`psycopg_pool.PoolTimeout`), when PostgreSQL refuses
a connection ("too many clients", "too many connections for role", "remaining connection slots
are reserved") or when SQLite stays locked past its timeout, the request did nothing wrong: it
came at a busy moment. The answer is then 503 with `Retry-After` and a short Vietnamese page, so
a phone (or an API client) waits and tries again, instead of a 500 that reads as a broken system.

The page is a constant string, not a template: rendering a template could reach the database
again (the signed-in user in the context) and fail the same way.

Two ways an exception gets here, because Django turns an exception into a 500 at the layer where
it is raised: `process_exception` catches what the view raised; an exception raised inside
another middleware (the first database query of a request is often `request.user`, loaded by a
middleware) is remembered from the `got_request_exception` signal and the 500 it became is
replaced on the way out. The middleware sits near the top of MIDDLEWARE so that it wraps every
layer that can reach the database.
"""

import logging
import sys

from django.core.signals import got_request_exception
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse

from .middleware import CONTENT_SECURITY_POLICY

RETRY_AFTER_SECONDS = 5
MARK = "_hocbac_overloaded"

logger = logging.getLogger(__name__)

PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hệ thống đang quá tải</title></head>
<body><h1>Hệ thống đang có quá nhiều người truy cập</h1>
<p>Yêu cầu của đồng chí chưa được xử lý. Xin chờ khoảng {seconds} giây rồi tải lại trang.</p>
<p>Các câu trả lời đã gửi thành công trước đó vẫn được giữ nguyên.</p></body></html>
"""
MESSAGE = "Hệ thống đang quá tải, xin thử lại sau {seconds} giây."

# Texts of the database errors that mean "no connection to be had now" (psycopg gives no SQLSTATE
# for a refused connection, only PostgreSQL's message).
OVERLOAD_TEXTS = ("too many clients", "too many connections", "remaining connection slots are reserved",
                  "database is locked")
OVERLOAD_SQLSTATES = {"53300", "57P03"}  # too_many_connections, cannot_connect_now


def is_overload(exception):
    """True when `exception` (or what caused it: Django wraps the driver's error) says the database
    has no connection to give right now."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        seen.add(id(exception))
        if type(exception).__name__ == "PoolTimeout":  # psycopg_pool, not imported: SQLite needs no pool
            return True
        if getattr(exception, "sqlstate", None) in OVERLOAD_SQLSTATES:
            return True
        if any(text in str(exception).lower() for text in OVERLOAD_TEXTS):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def busy_response(request):
    logger.warning("503 quá tải cơ sở dữ liệu: %s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": MESSAGE.format(seconds=RETRY_AFTER_SECONDS)}, status=503)
    else:
        response = HttpResponse(PAGE.format(seconds=RETRY_AFTER_SECONDS), status=503,
                                content_type="text/html; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # logged once here, as a warning, not again by Django as an error
    response["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return response


def overload_middleware(get_response):
    def middleware(request):
        response = get_response(request)
        if getattr(request, MARK, False) and response.status_code == 500:
            return busy_response(request)
        return response

    def process_exception(request, exception):
        if is_overload(exception):
            return busy_response(request)
        return None

    # Django looks for process_exception on whatever the factory returns.
    middleware.process_exception = process_exception
    return middleware


@receiver(got_request_exception)
def _remember_overload(sender, request=None, **kwargs):
    """An exception raised in a middleware layer became a 500 there; mark the request so that
    `overload_middleware` replaces that 500 on the way out."""
    exception = sys.exc_info()[1]
    if request is not None and exception is not None and is_overload(exception):
        setattr(request, MARK, True)
