from django.conf import settings

# No inline script or style anywhere: page scripts live in static/js/<page>.js.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        # Pages of a signed-in person carry personal data: never keep them in a shared cache.
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            if not request.path.startswith(settings.STATIC_URL):
                response["Cache-Control"] = "no-store"
        return response

    return middleware
