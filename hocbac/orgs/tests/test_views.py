import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_member
from hocbac.core.models import AuditEntry
from hocbac.orgs.models import Member, Organization


def member_list_url(org, **params):
    from urllib.parse import urlencode

    return reverse("orgs:member_list", kwargs={"org_id": org.pk}) + ("?" + urlencode(params) if params else "")


def names_on_page(response):
    return [m.full_name for m in response.context["page"]]


def test_search_without_diacritics_finds_the_member(world, login):
    make_member(world.cell, "Nguyễn Văn A", card="30000001")
    make_member(world.cell, "Nguyễn Văn Anh", card="30000002")
    client = login(world.secretary)
    assert names_on_page(client.get(member_list_url(world.cell, q="nguyen van a"))) == ["Nguyễn Văn A", "Nguyễn Văn Anh"]
    assert names_on_page(client.get(member_list_url(world.cell, q="NGUYỄN văn anh"))) == ["Nguyễn Văn Anh"]
    assert names_on_page(client.get(member_list_url(world.cell, q="30000002"))) == ["Nguyễn Văn Anh"]


def test_member_list_is_in_vietnamese_order(world, login):
    for i, name in enumerate(["Đỗ Thị Đào", "Lê Văn Dũng", "Phạm Thị Dung", "Vũ Văn Ánh", "Hồ Văn An"]):
        make_member(world.other_cell, name, card=f"4000000{i}")
    page = login(world.ward_admin).get(member_list_url(world.other_cell))
    assert names_on_page(page) == ["Hồ Văn An", "Vũ Văn Ánh", "Phạm Thị Dung", "Lê Văn Dũng", "Đỗ Thị Đào", "Lê Thị Khác"]


def test_member_list_filters_by_status_and_key_leader(world, login):
    make_member(world.cell, "Bùi Văn Miễn", card="50000001", status="mien_sinh_hoat")
    make_member(world.cell, "Đặng Văn Chủ Chốt", card="50000002", is_key_leader=True)
    client = login(world.secretary)
    assert names_on_page(client.get(member_list_url(world.cell, status="mien_sinh_hoat"))) == ["Bùi Văn Miễn"]
    assert names_on_page(client.get(member_list_url(world.cell, key="1"))) == ["Đặng Văn Chủ Chốt"]


def test_htmx_search_returns_only_the_rows(world, login):
    response = login(world.secretary).get(member_list_url(world.cell, q="tran"), HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Trần Văn Đảng" in body and "<html" not in body


def _queries_for_list(client, org):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(member_list_url(org))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_member_list_has_no_n_plus_one(world, login):
    client = login(world.ward_admin)
    one = _queries_for_list(client, world.other_cell)  # 1 member
    make_member(world.other_cell, "Mai Văn Hai", card="60000001")
    make_member(world.other_cell, "Mai Văn Ba", card="60000002")
    three = _queries_for_list(client, world.other_cell)
    assert (one, three) == (one, one)


def test_org_page_counts_members_of_each_child_in_fixed_queries(world, login):
    client = login(world.province_admin)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("orgs:org_detail", kwargs={"org_id": world.ward.pk}))
    before = len(ctx.captured_queries)
    children = {c.name: (c.active_count, c.eligible_count) for c in response.context["children"]}
    assert children == {"Chi bộ Khu phố 1": (2, 2), "Chi bộ Khu phố 2": (1, 1)}
    from hocbac.orgs import services
    from hocbac.orgs.models import OrgKind

    for i in range(3):
        services.create_organization(by=None, parent=world.ward, code=f"P01-N{i}", name=f"Chi bộ mới {i}", kind=OrgKind.GRASSROOTS_CELL)
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("orgs:org_detail", kwargs={"org_id": world.ward.pk}))
    assert len(ctx.captured_queries) == before


def test_hand_posted_cell_from_elsewhere_is_refused(world, login):
    """The secretary's form lists only their cell; a forged id of the sibling cell is rejected."""
    client = login(world.secretary)
    data = {"org": world.sibling_cell.pk, "full_name": "Kẻ Giả Mạo", "gender": "nam", "birth_date": "1970-01-01",
            "status": "chinh_thuc", "admitted_on": "1995-01-01"}
    response = client.post(reverse("orgs:member_create", kwargs={"org_id": world.cell.pk}), data)
    assert response.status_code == 200
    assert "org" in response.context["form"].errors
    assert Member.objects.unscoped().filter(full_name="Kẻ Giả Mạo").count() == 0


def test_secretary_adds_a_member_to_their_cell(world, login):
    client = login(world.secretary)
    data = {"org": world.cell.pk, "full_name": "hồ thị mới", "gender": "nu", "birth_date": "1980-04-30",
            "status": "du_bi", "admitted_on": "2026-05-19", "card_number": "", "phone": "0909 000 111"}
    response = client.post(reverse("orgs:member_create", kwargs={"org_id": world.cell.pk}), data)
    member = Member.objects.in_subtree(world.cell).get(full_name="Hồ Thị Mới")
    assert response["Location"] == reverse("orgs:member_detail", kwargs={"org_id": world.cell.pk, "member_id": member.pk})
    assert (member.status, member.phone) == ("du_bi", "0909000111")


def test_missing_and_inconsistent_dates_get_vietnamese_errors(world, login):
    client = login(world.secretary)
    data = {"org": world.cell.pk, "full_name": "Lỗi Ngày", "gender": "nam", "birth_date": "1990-01-01",
            "status": "chinh_thuc", "admitted_on": "1985-01-01"}
    form = client.post(reverse("orgs:member_create", kwargs={"org_id": world.cell.pk}), data).context["form"]
    assert form.errors["admitted_on"] == ["Ngày vào Đảng phải sau ngày sinh."]
    del data["birth_date"]
    form = client.post(reverse("orgs:member_create", kwargs={"org_id": world.cell.pk}), data).context["form"]
    assert form.errors["birth_date"] == ["Trường này là bắt buộc."]


def test_transfer_only_to_cells_the_user_manages(world, login):
    client = login(world.secretary)
    url = reverse("orgs:member_transfer", kwargs={"org_id": world.cell.pk, "member_id": world.member.pk})
    response = client.post(url, {"to_org": world.other_cell.pk, "on": "2026-06-01"})
    assert "to_org" in response.context["form"].errors
    client = login(world.ward_admin)
    response = client.post(url, {"to_org": world.other_cell.pk, "on": "2026-06-01"})
    world.member.refresh_from_db()
    assert (response.status_code, world.member.org_id) == (302, world.other_cell.pk)


def test_status_change_through_the_page(world, login):
    client = login(world.secretary)
    url = reverse("orgs:member_status", kwargs={"org_id": world.cell.pk, "member_id": world.member.pk})
    client.post(url, {"status": "mien_sinh_hoat", "on": "2026-02-01", "reason": "Tuổi cao, sức yếu"})
    world.member.refresh_from_db()
    assert world.member.status == "mien_sinh_hoat"
    assert world.member.periods.get(end__isnull=True).start == datetime.date(2026, 2, 1)


def test_member_account_page_shows_a_one_time_password_once(world, login):
    client = login(world.ward_admin)
    url = reverse("orgs:member_account", kwargs={"org_id": world.ward.pk, "member_id": world.sibling_member.pk})
    assert client.post(url).status_code == 404  # the sibling ward's member is out of reach
    member = make_member(world.cell, "Đinh Văn Tài Khoản", card="70000001", phone="0977000111")
    response = client.post(reverse("orgs:member_account", kwargs={"org_id": world.cell.pk, "member_id": member.pk}))
    member.refresh_from_db()
    assert member.user.username == "0977000111"
    assert member.user.check_password(response.context["password"])


def test_committee_creates_edits_and_moves_an_organisation(world, login):
    client = login(world.ward_admin)
    client.post(reverse("orgs:org_create", kwargs={"org_id": world.ward.pk}),
                {"code": "P01-KP9", "name": "Chi bộ  Khu phố 9", "kind": "chi_bo_co_so", "sector": "xa_phuong"})
    cell = Organization.objects.get(code="P01-KP9")
    assert (cell.name, cell.parent_id) == ("Chi bộ Khu phố 9", world.ward.pk)
    client.post(reverse("orgs:org_edit", kwargs={"org_id": cell.pk}),
                {"code": "P01-KP9", "name": "Chi bộ Khu phố 9A", "kind": "chi_bo_co_so", "sector": "xa_phuong"})
    cell.refresh_from_db()
    assert cell.name == "Chi bộ Khu phố 9A"
    entry = AuditEntry.objects.in_subtree(cell).get(action="org.update")
    assert (entry.before, entry.after) == ({"name": "Chi bộ Khu phố 9"}, {"name": "Chi bộ Khu phố 9A"})
    # The ward committee cannot move it into the sibling ward: not in the list of targets.
    response = client.post(reverse("orgs:org_move", kwargs={"org_id": cell.pk}), {"new_parent": world.sibling_ward.pk})
    assert "new_parent" in response.context["form"].errors


def test_grant_page_gives_and_revokes_roles(world, login):
    client = login(world.ward_admin)
    client.post(reverse("orgs:grant_list", kwargs={"org_id": world.other_cell.pk}), {"username": "0912000002", "role": "chi_uy"})
    grant = world.other_member_user.role_grants.get()
    assert (grant.org_id, grant.role) == (world.other_cell.pk, "chi_uy")
    response = client.post(reverse("orgs:grant_list", kwargs={"org_id": world.other_cell.pk}), {"username": "khong-ton-tai", "role": "chi_uy"})
    assert response.context["form"].errors["username"] == ["Không có tài khoản đang hoạt động với tên đăng nhập này."]
    client.post(reverse("orgs:grant_revoke", kwargs={"org_id": world.other_cell.pk, "grant_id": grant.pk}))
    assert world.other_member_user.role_grants.count() == 0


def test_audit_list_shows_only_the_subtree(world, login):
    response = login(world.secretary).get(reverse("orgs:audit_list", kwargs={"org_id": world.cell.pk}))
    summaries = [e.summary for e in response.context["page"]]
    assert "Thêm đảng viên Trần Văn Đảng" in summaries
    assert "Thêm đảng viên Lê Thị Khác" not in summaries


def test_my_home_shows_only_my_record(world, login):
    body = login(world.member_user).get(reverse("orgs:my_home")).content.decode()
    assert "Trần Văn Đảng" in body and "10000002" in body
    assert "Lê Thị Khác" not in body and "Việc cần làm" in body


def test_pages_carry_a_strict_csp_and_no_store(world, login):
    response = login(world.secretary).get(reverse("orgs:org_detail", kwargs={"org_id": world.cell.pk}))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "no-store"
    assert "<script>" not in response.content.decode() and "style=" not in response.content.decode()
