import datetime

import pytest
from django.core.exceptions import ValidationError

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.orgs import services
from hocbac.orgs.models import (
    Member,
    MemberPeriod,
    MemberStatus,
    Organization,
    OrgKind,
    Role,
    RoleGrant,
)


def test_paths_are_materialised_from_root(world):
    assert world.province.path == f"/{world.province.pk}/"
    assert world.cell.path == f"/{world.province.pk}/{world.ward.pk}/{world.cell.pk}/"
    assert world.cell.depth == 2
    assert world.ward.contains(world.cell) and not world.sibling_ward.contains(world.cell)


def test_moving_a_subtree_rewrites_every_descendant_path(world):
    by = world.superuser
    committee = services.create_organization(by=by, parent=world.ward, code="P01-CS", name="Đảng bộ Trường THCS", kind=OrgKind.GRASSROOTS_COMMITTEE)
    section = services.create_organization(by=by, parent=committee, code="P01-CS-BP", name="Đảng bộ bộ phận Khối 9", kind=OrgKind.SECTION_COMMITTEE)
    deep_cell = services.create_organization(by=by, parent=section, code="P01-CS-BP-1", name="Chi bộ Tổ Toán", kind=OrgKind.SUBORDINATE_CELL)
    services.move_organization(committee, new_parent=world.sibling_ward, by=by)
    for org in (committee, section, deep_cell):
        org.refresh_from_db()
    assert committee.parent_id == world.sibling_ward.pk
    assert committee.path == f"{world.sibling_ward.path}{committee.pk}/"
    assert section.path == f"{committee.path}{section.pk}/"
    assert deep_cell.path == f"{section.path}{deep_cell.pk}/"
    assert (committee.depth, section.depth, deep_cell.depth) == (2, 3, 4)
    assert list(Organization.objects.filter(path__startswith=world.ward.path).values_list("code", flat=True).order_by("code")) == ["P01", "P01-KP1", "P01-KP2"]
    assert AuditEntry.objects.in_orgs([committee.pk]).filter(action="org.move").count() == 1


def test_moving_into_own_subtree_is_refused(world):
    with pytest.raises(ValidationError):
        services.move_organization(world.ward, new_parent=world.cell, by=world.superuser)


def test_kind_rules_refuse_a_cell_at_the_root_and_a_group_under_a_ward(world):
    with pytest.raises(ValidationError, match="ở gốc cây"):
        services.create_organization(by=None, parent=None, code="X", name="Chi bộ lạc", kind=OrgKind.GRASSROOTS_CELL)
    with pytest.raises(ValidationError, match="không thể trực thuộc"):
        services.create_organization(by=None, parent=world.ward, code="X", name="Tổ đảng lạc", kind=OrgKind.PARTY_GROUP)
    with pytest.raises(ValidationError, match="đã được dùng"):
        services.create_organization(by=None, parent=world.ward, code="p01-kp1", name="Trùng mã", kind=OrgKind.GRASSROOTS_CELL)


def test_member_create_sets_search_text_sort_key_history_and_audit(world):
    member = make_member(world.cell, "  nguyễn   văn a ", by=world.secretary, card="20000001", phone="0903 123 456")
    assert member.full_name == "Nguyễn Văn A"
    assert member.search_text == "nguyen van a 20000001 0903123456"
    assert [(p.org_id, p.status, p.end) for p in member.periods.all()] == [(world.cell.pk, "chinh_thuc", None)]
    entry = AuditEntry.objects.in_subtree(world.cell).get(action="member.create", object_id=str(member.pk))
    assert (entry.actor, entry.after["full_name"]) == (world.secretary, "Nguyễn Văn A")


def test_duplicate_card_number_is_refused_and_nothing_changes(world):
    with pytest.raises(ValidationError, match="10000002"):
        make_member(world.other_cell, "Người Trùng Thẻ", card="10000002")
    assert Member.objects.unscoped().filter(full_name="Người Trùng Thẻ").count() == 0


def test_members_only_join_cells(world):
    with pytest.raises(ValidationError, match="chi bộ hoặc tổ đảng"):
        make_member(world.ward, "Sai Chỗ")


def test_update_member_logs_only_changed_fields(world):
    services.update_member(world.member, by=world.secretary, position="Tổ trưởng", phone="0912000001")
    entry = AuditEntry.objects.in_subtree(world.cell).get(action="member.update")
    assert (entry.before, entry.after) == ({"position": ""}, {"position": "Tổ trưởng"})


def test_transfer_keeps_history_and_both_cells_see_it(world):
    on = datetime.date(2026, 3, 1)
    services.transfer_member(world.member, to_org=world.other_cell, on=on, by=world.ward_admin)
    periods = list(world.member.periods.order_by("start").values_list("org_id", "start", "end"))
    assert periods == [(world.cell.pk, datetime.date(1990, 2, 3), on), (world.other_cell.pk, on, None)]
    assert Member.objects.in_subtree(world.cell).filter(pk=world.member.pk).exists() is False
    assert AuditEntry.objects.in_subtree(world.cell).filter(action="member.transfer_out").count() == 1
    assert AuditEntry.objects.in_subtree(world.other_cell).filter(action="member.transfer").count() == 1


def test_period_query_answers_who_was_where_on_a_date(world):
    services.transfer_member(world.member, to_org=world.other_cell, on=datetime.date(2026, 3, 1), by=None)
    def in_cell_on(day):
        return set(MemberPeriod.objects.in_subtree(world.cell).filter(start__lte=day).exclude(end__lte=day).values_list("member__full_name", flat=True))
    assert in_cell_on(datetime.date(2026, 2, 28)) == {"Trần Văn Đảng", "Nguyễn Thị Bí Thư"}
    assert in_cell_on(datetime.date(2026, 3, 1)) == {"Nguyễn Thị Bí Thư"}


def test_status_transitions_allowed_and_refused(world):
    probationary = make_member(world.cell, "Hoàng Thị Mới", status=MemberStatus.PROBATIONARY, admitted_on=datetime.date(2025, 9, 2))
    services.change_member_status(probationary, status=MemberStatus.FULL, on=datetime.date(2026, 9, 2), by=world.secretary)
    assert (probationary.status, probationary.full_member_on) == ("chinh_thuc", datetime.date(2026, 9, 2))
    with pytest.raises(ValidationError, match="Cần ghi lý do"):
        services.change_member_status(world.member, status=MemberStatus.STRUCK_OFF, on=datetime.date(2026, 1, 1), by=None)
    services.change_member_status(world.member, status=MemberStatus.DECEASED, on=datetime.date(2026, 1, 1), by=None)
    with pytest.raises(ValidationError, match="Không thể chuyển"):
        services.change_member_status(world.member, status=MemberStatus.FULL, on=datetime.date(2026, 2, 1), by=None)
    world.member_user.refresh_from_db()
    assert world.member_user.is_active is False


def test_status_change_before_current_period_is_refused(world):
    with pytest.raises(ValidationError, match="Ngày hiệu lực"):
        services.change_member_status(world.member, status=MemberStatus.EXEMPT, on=datetime.date(1980, 1, 1), by=None)


def test_account_creation_and_password_reset_give_one_time_passwords(world):
    user, password = services.create_account_for_member(world.sibling_member, by=world.sibling_admin, username="0988777666")
    assert user.check_password(password) and user.must_change_password
    world.sibling_member.refresh_from_db()
    assert world.sibling_member.user == user
    with pytest.raises(ValidationError, match="đã có tài khoản"):
        services.create_account_for_member(world.sibling_member, by=world.sibling_admin)
    new_password = services.reset_member_password(world.sibling_member, by=world.sibling_admin)
    user.refresh_from_db()
    assert new_password != password and user.check_password(new_password) and not user.check_password(password)


def test_grant_is_idempotent_and_revoke_is_logged(world):
    first = services.grant_role(by=world.ward_admin, user=world.member_user, org=world.cell, role=Role.VIEWER)
    again = services.grant_role(by=world.ward_admin, user=world.member_user, org=world.cell, role=Role.VIEWER)
    assert first.pk == again.pk
    services.revoke_role(first, by=world.ward_admin)
    assert RoleGrant.objects.in_subtree(world.cell).filter(user=world.member_user).count() == 0
    assert list(AuditEntry.objects.in_subtree(world.cell).filter(action__startswith="grant.").values_list("action", flat=True)) == ["grant.revoke", "grant.create", "grant.create"]


def test_a_doubled_add_member_submission_records_once(world):
    fields = {"gender": "nam", "birth_date": datetime.date(1970, 1, 2), "admitted_on": datetime.date(1995, 3, 4)}
    services.create_member(by=world.secretary, org=world.cell, full_name="Đỗ Văn Hai", **fields)
    with pytest.raises(ValidationError, match="đã có đảng viên Đỗ Văn Hai, sinh 02/01/1970"):
        services.create_member(by=world.secretary, org=world.cell, full_name="đỗ văn  hai", **fields)
    # A namesake born another day, or the same person in another cell, is a different person.
    services.create_member(by=world.secretary, org=world.cell, full_name="Đỗ Văn Hai",
                           **{**fields, "birth_date": datetime.date(1971, 1, 2)})
    assert Member.objects.in_subtree(world.ward).filter(full_name="Đỗ Văn Hai").count() == 2
