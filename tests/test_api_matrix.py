"""Every operation of the JSON API × every persona → the exact answer (bearer tokens).

An operation added to the API without an entry here fails `test_every_operation_is_in_the_matrix`.
Targets are the secretary's cell and its member, as in the page matrix: the sibling ward's
committee and the member of the other cell must get 404."""

import datetime
import itertools
import json

import pytest
from django.utils import timezone

from hocbac.accounts.services import issue_api_token
from tests.test_permission_matrix import (
    BY_ABILITY,
    PERSONAS,
    READERS_OF_WARD,
    _ward_campaign,
    _ward_document,
)

API = "/api/v1"
SIGNED_IN = {p: 200 for p in PERSONAS if p != "anonymous"}
_counter = itertools.count(1)


def _created(by_ability, code=201):
    return {p: code if c == 200 else c for p, c in by_ability.items()}


def cell(w):
    return {"org_id": w.cell.pk}


def cell_member(w):
    return {"org_id": w.cell.pk, "member_id": w.member.pk}


def cell_campaign(w):
    return {"org_id": w.cell.pk, "campaign_id": _ward_campaign(w).pk}


def _cell_session(w):
    from hocbac.study.services import create_session

    start = timezone.now() - datetime.timedelta(minutes=30)
    return create_session(by=w.secretary, org=w.cell, kind="thuong_ky", title=f"Sinh hoạt {next(_counter)}",
                          starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def cell_session(w):
    return {"org_id": w.cell.pk, "session_id": _cell_session(w).pk}


def cell_session_member(w):
    return {**cell_session(w), "member_id": w.member.pk}


def ward_document(w):
    return {"document_id": _ward_document(w).pk}


def cell_ward_document(w):
    return {"org_id": w.cell.pk, "document_id": _ward_document(w).pk}


def none(w):
    return {}


def new_group():
    n = next(_counter)
    return {"code": f"P01-KP1-T{n}", "name": f"Tổ đảng số {n}", "kind": "to_dang"}


def new_member():
    n = next(_counter)
    return {"full_name": f"Đảng Viên Mới {n}", "gender": "nam", "birth_date": "1980-01-01",
            "admitted_on": "2005-01-01", "card_number": f"97{n:06d}"}


# "METHOD /path" → (params, body or None, {persona: status}); anonymous is always 401.
MATRIX = {
    "GET /me": (none, None, SIGNED_IN),
    "GET /orgs": (none, None, SIGNED_IN),
    "GET /orgs/{org_id}": (cell, None, BY_ABILITY["view"]),
    "PATCH /orgs/{org_id}": (cell, lambda: {"address": "Nhà văn hóa khu phố"}, BY_ABILITY["administer"]),
    "POST /orgs/{org_id}/children": (cell, new_group, _created(BY_ABILITY["administer"])),
    "GET /orgs/{org_id}/members": (cell, None, BY_ABILITY["view"]),
    "POST /orgs/{org_id}/members": (cell, new_member, _created(BY_ABILITY["manage"])),
    "GET /orgs/{org_id}/members/{member_id}": (cell_member, None, BY_ABILITY["view"]),
    "PATCH /orgs/{org_id}/members/{member_id}": (cell_member, lambda: {"position": "Tổ trưởng"}, BY_ABILITY["manage"]),
    "GET /orgs/{org_id}/campaigns": (cell, None, BY_ABILITY["view"]),
    "GET /orgs/{org_id}/campaigns/{campaign_id}/coverage": (cell_campaign, None, BY_ABILITY["view"]),
    "GET /orgs/{org_id}/documents/{document_id}/coverage": (cell_ward_document, None, BY_ABILITY["view"]),
    "GET /orgs/{org_id}/activity": (cell, None, BY_ABILITY["view"]),
    "GET /orgs/{org_id}/sessions": (cell, None, BY_ABILITY["view"]),
    "GET /orgs/{org_id}/sessions/{session_id}": (cell_session, None, BY_ABILITY["view"]),
    "PUT /orgs/{org_id}/sessions/{session_id}/attendance/{member_id}": (
        cell_session_member, lambda: {"status": "co_mat"}, BY_ABILITY["manage"]),
    "GET /documents": (none, None, SIGNED_IN),
    "GET /documents/{document_id}": (ward_document, None, {**READERS_OF_WARD, "anonymous": 401}),
}


def api_operations():
    from hocbac.api.endpoints import api

    paths = api.get_openapi_schema()["paths"]
    return {f"{method.upper()} {path.removeprefix(API)}" for path, methods in paths.items() for method in methods}


def test_every_operation_is_in_the_matrix():
    assert api_operations() == set(MATRIX)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("operation", sorted(MATRIX))
def test_api_matrix(operation, persona, world, client):
    params_for, body_for, expected = MATRIX[operation]
    method, path = operation.split(" ", 1)
    url = API + path.format(**params_for(world))
    headers = {}
    if persona != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {issue_api_token(getattr(world, persona), name='ma trận')}"
    kwargs = {"data": json.dumps(body_for()), "content_type": "application/json"} if body_for else {}
    response = getattr(client, method.lower())(url, **headers, **kwargs)
    want = 401 if persona == "anonymous" else expected[persona]
    assert (persona, response.status_code) == (persona, want), response.content[:300]
    assert "detail" not in response.json() or any(ch in response.json()["detail"] for ch in "ăâđêôơư")
