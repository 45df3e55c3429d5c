import datetime

import pytest
from django.utils import timezone

from hocbac.study import services
from hocbac.study.models import SessionKind


def at(day, hour=8):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@pytest.fixture
def ward_conference(world):
    """A ward conference on 10/3/2026, 8:00–11:00, inviting the whole ward."""
    day = datetime.date(2026, 3, 10)
    return services.create_session(by=world.ward_admin, org=world.ward, kind=SessionKind.CONFERENCE,
                                   title="Hội nghị quán triệt Nghị quyết", starts_at=at(day, 8), ends_at=at(day, 11),
                                   invited_orgs=[world.ward])


@pytest.fixture
def cell_meeting(world):
    day = datetime.date(2026, 3, 5)
    return services.create_session(by=world.secretary, org=world.cell, kind=SessionKind.REGULAR,
                                   title="Sinh hoạt chi bộ tháng 3", starts_at=at(day, 19), ends_at=at(day, 21))
