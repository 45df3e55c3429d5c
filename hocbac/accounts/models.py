import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """Signs in with a username that is a phone number or a party card number."""

    full_name = models.CharField("họ và tên", max_length=120, blank=True)
    # Set when a secretary hands over a one-time password; the user must choose a new one.
    must_change_password = models.BooleanField(default=False)
    # Sessions confirmed before this moment are ended by accounts.middleware.session_limits (a
    # password change, a disabled account, an administrator's "end sessions"); works with the
    # database and the Redis session backends alike, since nothing has to list the sessions.
    sessions_valid_after = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.full_name or self.username


class LoginAttempt(models.Model):
    """Every sign-in, successful or not; the throttle counts recent failures from here."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField()

    class Meta:
        indexes = [models.Index(fields=["ip", "at"])]

    def __str__(self):
        return f"{self.username} {'ok' if self.succeeded else 'sai'} {self.at:%d/%m/%Y %H:%M}"


class ApiToken(models.Model):
    """A personal token for API clients. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def digest_of(token):
        return hashlib.sha256(token.encode()).hexdigest()
