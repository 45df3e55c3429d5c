"""Shared personas for every test: a province with two wards; the first ward has two cells."""

import datetime
from types import SimpleNamespace

import pytest

from hocbac.accounts.models import User
from hocbac.orgs import services
from hocbac.orgs.models import MemberStatus, OrgKind, Role, Sector

PASSWORD = "matkhau-thu-nghiem"


def make_user(username, full_name="", **extra):
    return User.objects.create_user(username=username, password=PASSWORD, full_name=full_name or username, **extra)


def make_member(org, full_name, *, by=None, card=None, status=MemberStatus.FULL, user=None, **extra):
    fields = {
        "gender": "nam", "birth_date": datetime.date(1965, 5, 19), "admitted_on": datetime.date(1990, 2, 3),
        "full_member_on": datetime.date(1991, 2, 3) if status != MemberStatus.PROBATIONARY else None,
        "card_number": card or "", "status": status,
    }
    fields.update(extra)
    member = services.create_member(by=by, org=org, full_name=full_name, **fields)
    if user is not None:
        member.user = user
        member.save(update_fields=["user"])
    return member


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached selectors (the contest leaderboard and ranks) must not carry over between tests:
    ids come back in the next test on SQLite."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary folder, never into the working tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    """province ⊃ ward ⊃ {cell, other_cell}; province ⊃ sibling_ward ⊃ sibling_cell.

    Personas: superuser, province_admin, ward_admin, sibling_admin (committee of the other ward),
    secretary (cell committee of `cell`), viewer (of the ward), member (of `cell`), other_member
    (of `other_cell`, with data that could leak), a plain user with no role, anonymous."""
    w = SimpleNamespace()
    w.superuser = make_user("quantri", "Quản trị hệ thống", is_superuser=True, is_staff=True)
    by = w.superuser
    w.province = services.create_organization(by=by, parent=None, code="T01", name="Đảng bộ tỉnh Thử Nghiệm", kind=OrgKind.PROVINCE)
    w.ward = services.create_organization(by=by, parent=w.province, code="P01", name="Đảng bộ phường Bến Thành", kind=OrgKind.COMMUNE, sector=Sector.COMMUNE)
    w.cell = services.create_organization(by=by, parent=w.ward, code="P01-KP1", name="Chi bộ Khu phố 1", kind=OrgKind.GRASSROOTS_CELL, sector=Sector.COMMUNE)
    w.other_cell = services.create_organization(by=by, parent=w.ward, code="P01-KP2", name="Chi bộ Khu phố 2", kind=OrgKind.GRASSROOTS_CELL, sector=Sector.COMMUNE)
    w.sibling_ward = services.create_organization(by=by, parent=w.province, code="P02", name="Đảng bộ phường Tân Định", kind=OrgKind.COMMUNE, sector=Sector.COMMUNE)
    w.sibling_cell = services.create_organization(by=by, parent=w.sibling_ward, code="P02-KP1", name="Chi bộ Khu phố 1 Tân Định", kind=OrgKind.GRASSROOTS_CELL, sector=Sector.COMMUNE)

    w.province_admin = make_user("tinh", "Cán bộ Tỉnh ủy")
    w.ward_admin = make_user("phuong", "Cán bộ Đảng ủy phường")
    w.sibling_admin = make_user("phuongkhac", "Cán bộ phường khác")
    w.secretary = make_user("bithu", "Nguyễn Thị Bí Thư")
    w.viewer = make_user("xem", "Ủy ban kiểm tra")
    w.member_user = make_user("0912000001", "Trần Văn Đảng")
    w.other_member_user = make_user("0912000002", "Lê Thị Khác")
    w.no_role_user = make_user("khongvaitro", "Người chưa có vai trò")
    services.grant_role(by=by, user=w.province_admin, org=w.province, role=Role.COMMITTEE)
    services.grant_role(by=by, user=w.ward_admin, org=w.ward, role=Role.COMMITTEE)
    services.grant_role(by=by, user=w.sibling_admin, org=w.sibling_ward, role=Role.COMMITTEE)
    services.grant_role(by=by, user=w.secretary, org=w.cell, role=Role.CELL_COMMITTEE)
    services.grant_role(by=by, user=w.viewer, org=w.ward, role=Role.VIEWER)

    w.secretary_member = make_member(w.cell, "Nguyễn Thị Bí Thư", by=by, card="10000001", user=w.secretary, gender="nu")
    w.member = make_member(w.cell, "Trần Văn Đảng", by=by, card="10000002", user=w.member_user, phone="0912000001")
    w.other_member = make_member(w.other_cell, "Lê Thị Khác", by=by, card="10000003", user=w.other_member_user, gender="nu")
    w.sibling_member = make_member(w.sibling_cell, "Phạm Văn Xa", by=by, card="10000004")
    return w


@pytest.fixture
def login(client):
    """login(user) signs the test client in as `user` and returns it."""

    def _login(user):
        if user is not None:
            client.force_login(user)
        return client

    return _login
