"""Makers for awards tests. Dates sit in last year, so every "not after today" rule holds
whatever day the tests run."""

import datetime

import pytest
from django.utils import timezone

from hocbac.awards import services
from hocbac.awards.models import AwardForm

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1
DECIDED_ON = datetime.date(LAST_YEAR, 2, 3)


def giay_khen():
    return AwardForm.objects.get(name="Giấy khen")


def bang_khen():
    return AwardForm.objects.get(name="Bằng khen")


def nominate_member(w, member=None, *, by=None, awarding_org=None, form=None, year=LAST_YEAR, **extra):
    """The secretary nominates the cell's member (or `member`) for the ward's giấy khen."""
    values = {"reason": "Có thành tích xuất sắc trong học tập và làm theo Bác.", "basis": "chuong_trinh", **extra}
    return services.nominate(by=by or w.secretary, recipient="ca_nhan", member=member or w.member,
                             awarding_org=awarding_org or w.ward, form=form or giay_khen(), year=year, **values)


def nominate_org(w, org=None, *, by=None, awarding_org=None, form=None, year=LAST_YEAR, **extra):
    """The ward nominates a cell (the secretary's, unless said) for its own giấy khen."""
    values = {"reason": "Chi bộ tiêu biểu trong thực hiện Chỉ thị 05-CT/TW.", "basis": "chuong_trinh", **extra}
    return services.nominate(by=by or w.ward_admin, recipient="tap_the", recipient_org=org or w.cell,
                             awarding_org=awarding_org or w.ward, form=form or giay_khen(), year=year, **values)


def issued(w, commendations, *, number="12-QĐ/ĐU", on=DECIDED_ON, by=None):
    by = by or w.ward_admin
    for c in commendations:
        services.approve(c, by=by)
    return services.issue(commendations, by=by, decision_number=number, decided_on=on, signer="Bí thư Võ Văn Hùng")


def ward_item(w, *, targets=None, year=LAST_YEAR, content="Kiểm tra việc thực hiện Chỉ thị 05-CT/TW năm qua"):
    return services.create_item(by=w.ward_admin, org=w.ward, year=year, kind="kiem_tra", content=content,
                                targets=targets or [w.cell, w.other_cell], starts_on=datetime.date(year, 3, 1),
                                ends_on=datetime.date(year, 3, 31), inspectors="Ủy ban Kiểm tra Đảng ủy phường")


def concluded_item(w, **extra):
    item = ward_item(w, **extra)
    year = item.year
    return services.conclude(item, by=w.ward_admin, conclusion="Chi bộ thực hiện nghiêm túc; cần bổ sung sổ theo dõi.",
                             concluded_on=datetime.date(year, 4, 10),
                             follow_ups=[{"org": w.cell, "text": "Bổ sung sổ theo dõi đăng ký làm theo",
                                          "due_on": datetime.date(year, 6, 30)},
                                         {"org": w.other_cell, "text": "Tổ chức sinh hoạt chuyên đề",
                                          "due_on": datetime.date(year, 7, 31)}])


def member_reminder(w, **extra):
    values = {"kind": "nhac_nho", "reason": "Chưa đăng ký làm theo năm nay.", "decided_by": w.cell,
              "decided_on": datetime.date(LAST_YEAR, 5, 2), "follow_up_on": datetime.date(LAST_YEAR, 8, 1), **extra}
    return services.record_reminder(by=w.secretary, org=w.cell, member=w.member, **values)


@pytest.fixture
def practice_of(world):
    """practice_of(org, **values): a collective model of `org`."""
    from hocbac.practices.models import Field, Practice

    def make(org, **values):
        values = {"name": f"Mô hình dân vận khéo của {org.name}", "field": Field.objects.first(),
                  "started_on": datetime.date(LAST_YEAR, 1, 15), "status_since": datetime.date(LAST_YEAR, 1, 15),
                  **values}
        return Practice.objects.create(org=org, created_by=world.superuser, **values)

    return make
