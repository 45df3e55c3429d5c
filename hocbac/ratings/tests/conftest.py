"""Fixtures of the classification and rating tests: a fixed past year (2025, so every month of it
may be classified whatever today is), the shipped sets, a set of the ward with the three ways of
judging, a đảng bộ cơ sở with two chi bộ trực thuộc, and helpers to check refusals and the audit."""

import contextlib
import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from conftest import make_member, make_user
from hocbac.core.models import AuditEntry
from hocbac.orgs import services as org_services
from hocbac.orgs.models import OrgKind, Role, Sector
from hocbac.ratings import services
from hocbac.ratings.models import CriteriaSet, Criterion, Frame, Judged

YEAR = 2025
MARCH = (YEAR, 3)  # a past month: (year, period)


def at(day, hour=12):
    """An aware datetime on `day` at `hour` local time (noon: far from a day boundary in UTC)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@contextlib.contextmanager
def refused(message):
    """The block raises a ValidationError with exactly this message."""
    with pytest.raises(ValidationError) as caught:
        yield
    assert caught.value.messages == [message]


def entries(action):
    return list(AuditEntry.objects.unscoped().filter(action=action).order_by("id"))


def shipped(name):
    return CriteriaSet.objects.unscoped().get(name=name, org=None)


def criteria(criteria_set):
    """The set's items, active or not, in order (read afresh)."""
    return list(Criterion.objects.filter(criteria_set=criteria_set).order_by("position"))


def frame():
    return Frame.objects.get(is_current=True)


def members_of(cell, count, *, by, prefix="Đảng viên", card_from=50000000):
    return [make_member(cell, f"{prefix} {chr(65 + i)}", by=by, card=str(card_from + i)) for i in range(count)]


MIXED_LEVELS = [["Tốt", 90], ["Khá", 70], ["Trung bình", 50], ["Kém", 0]]


@pytest.fixture
def mixed_set(world):
    """A monthly member set of the ward with the three ways of judging: a yes/no item of 2
    points, a level item of 4 points and a points item of 4 points (10 in all)."""
    return services.create_set(by=world.ward_admin, org=world.ward, name="Đảng viên tiêu biểu phường",
                               target="dang_vien", cadence="thang", levels=MIXED_LEVELS, criteria=[
                                   {"text": "Dự sinh hoạt đầy đủ", "points": 2, "judged": Judged.YES_NO},
                                   {"text": "Chất lượng tham gia ý kiến", "points": 4, "judged": Judged.LEVEL},
                                   {"text": "Kết quả thực hiện nhiệm vụ", "points": 4, "judged": Judged.POINTS},
                               ])


@pytest.fixture
def grassroots(world):
    """ward ⊃ a đảng bộ cơ sở ⊃ {first, second} chi bộ trực thuộc. `committee` administers the
    đảng bộ cơ sở, `secretary` manages the first chi bộ only; two members in each chi bộ."""
    by = world.superuser
    g = SimpleNamespace()
    g.org = org_services.create_organization(by=by, parent=world.ward, code="P01-THPT", name="Đảng bộ Trường THPT Bến Thành",
                                             kind=OrgKind.GRASSROOTS_COMMITTEE, sector=Sector.PUBLIC_SERVICE)
    g.first = org_services.create_organization(by=by, parent=g.org, code="P01-THPT-1", name="Chi bộ Giáo viên",
                                               kind=OrgKind.SUBORDINATE_CELL, sector=Sector.PUBLIC_SERVICE)
    g.second = org_services.create_organization(by=by, parent=g.org, code="P01-THPT-2", name="Chi bộ Hành chính",
                                                kind=OrgKind.SUBORDINATE_CELL, sector=Sector.PUBLIC_SERVICE)
    g.committee = make_user("daugiathpt", "Bí thư Đảng ủy trường")
    g.secretary = make_user("bithugv", "Bí thư Chi bộ Giáo viên")
    org_services.grant_role(by=by, user=g.committee, org=g.org, role=Role.COMMITTEE)
    org_services.grant_role(by=by, user=g.secretary, org=g.first, role=Role.CELL_COMMITTEE)
    g.first_members = members_of(g.first, 2, by=by, prefix="Giáo viên", card_from=60000000)
    g.second_members = members_of(g.second, 2, by=by, prefix="Nhân viên", card_from=61000000)
    return g
