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


def _is_personal(request):
    """Pages of a signed-in person, or of a guest or sign-in-link holder of a contest (an
    anonymous session that holds their attempt), carry personal data: never let a browser or a
    shared proxy keep them. Static files and anonymous public pages stay cacheable."""
    if request.path.startswith(settings.STATIC_URL):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    # is_empty() does not load the session, so public pages do not start to Vary on Cookie.
    return session is not None and not session.is_empty()


def security_headers(get_response):
    def middleware(request):
        response = get_response(request)
        response.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        if _is_personal(request):
            response["Cache-Control"] = "no-store"
        return response

    return middleware
