"""Calling the API from tests: `call(client, "get", "/me", bearer(user))` → (status, JSON body)."""

import json

from hocbac.accounts.services import issue_api_token

API = "/api/v1"


def bearer(user):
    return {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(user, name='thử')}"}


def call(client, method, path, auth, body=None):
    kwargs = {**auth}
    if body is not None:
        kwargs.update(data=json.dumps(body), content_type="application/json")
    response = getattr(client, method)(API + path, **kwargs)
    return response.status_code, response.json() if response.content else None
