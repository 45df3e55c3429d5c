"""Reads of a member's personal record by anyone but the member are logged: who, which record,
when, through what — and none of the record's values."""

import json

from django.urls import reverse

from hocbac.api.tests.helpers import bearer, call
from hocbac.core.models import AuditEntry


def reads():
    return list(AuditEntry.objects.unscoped().filter(action="member.read").order_by("id"))


def detail_url(world, member):
    return reverse("orgs:member_detail", kwargs={"org_id": member.org_id, "member_id": member.pk})


def test_a_committee_opening_a_members_record_is_logged_who_what_when(world, login):
    response = login(world.ward_admin).get(detail_url(world, world.member), REMOTE_ADDR="10.2.3.4")
    assert response.status_code == 200
    [entry] = reads()
    assert (entry.actor, entry.org, entry.object_type, entry.object_id, entry.after, entry.ip) == (
        world.ward_admin, world.cell, "orgs.member", str(world.member.pk), {"via": "trang hồ sơ"}, "10.2.3.4")
    assert entry.at is not None and entry.summary == "Xem hồ sơ đảng viên"


def test_the_edit_form_is_a_read_and_saving_is_not_logged_as_one(world, login):
    url = reverse("orgs:member_edit", kwargs={"org_id": world.cell.pk, "member_id": world.member.pk})
    assert login(world.secretary).get(url).status_code == 200
    assert [e.after for e in reads()] == [{"via": "trang sửa hồ sơ"}]


def test_an_api_read_is_logged(world, client):
    status, _ = call(client, "get", f"/orgs/{world.cell.pk}/members/{world.member.pk}", bearer(world.secretary))
    assert status == 200
    assert [(e.actor, e.after) for e in reads()] == [(world.secretary, {"via": "API"})]


def test_members_reading_their_own_record_are_not_logged(world, client, login):
    assert login(world.member_user).get(reverse("orgs:my_home")).status_code == 200
    call(client, "get", f"/orgs/{world.cell.pk}/members/{world.member.pk}", bearer(world.member_user))
    assert reads() == []


def test_a_refused_read_is_not_logged_as_a_read(world, login):
    assert login(world.sibling_admin).get(detail_url(world, world.member)).status_code == 404
    assert reads() == []


def test_the_read_log_carries_none_of_the_records_values(world, login):
    member = world.member
    login(world.ward_admin).get(detail_url(world, member))
    [entry] = reads()
    logged = json.dumps([entry.summary, entry.before, entry.after], ensure_ascii=False)
    for value in [member.full_name, member.card_number, member.phone, member.birth_date.isoformat(),
                  member.birth_date.strftime("%d/%m/%Y"), "Trần", "10000002", "0912000001"]:
        assert value not in logged
