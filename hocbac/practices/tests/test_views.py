"""Pages of the models: the registry and its figures, a model's page, replication from a cell,
recognition by the committee, evidence photos through the model's visibility, the public page."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from hocbac.core.models import AuditEntry
from hocbac.practices import services
from hocbac.practices.models import Field, Practice, Status

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00\x00\x00IEND\xaeB`\x82")


@pytest.fixture
def field(db):
    return Field.objects.get(name="Dân vận khéo")


@pytest.fixture
def launched(world, field):
    return services.create_practice(by=world.ward_admin, org=world.ward, name="Dân vận khéo trong khu dân cư",
                                    field=field, started_on=datetime.date(2025, 3, 1), origin="phat_dong",
                                    goals="Mỗi đảng viên giúp một hộ khó khăn")


def test_registry_shows_figures_and_models(world, launched, login):
    response = login(world.ward_admin).get(reverse("practices:practice_list", args=[world.ward.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>1</strong> mô hình do cấp ủy phát động" in body
    assert "Dân vận khéo trong khu dân cư" in body


def test_cell_adopts_ward_model_and_figures_move(world, launched, login):
    client = login(world.secretary)
    listing = client.get(reverse("practices:practice_list", args=[world.cell.pk])).content.decode()
    assert "Nhân rộng tại Chi bộ Khu phố 1" in listing
    response = client.post(reverse("practices:practice_adopt", args=[world.cell.pk, launched.pk]),
                           {"name": "Dân vận khéo ở khu phố 1", "started_on": "2026-01-10", "goals": "", "description": ""})
    adoption = Practice.objects.in_orgs([world.cell.pk]).get()
    assert response["Location"] == reverse("practices:practice_detail", args=[world.cell.pk, adoption.pk])
    assert (adoption.adopted_from_id, adoption.name) == (launched.pk, "Dân vận khéo ở khu phố 1")
    figures = login(world.ward_admin).get(reverse("practices:practice_list", args=[world.ward.pk])).content.decode()
    assert "<strong>1</strong> nơi nhân rộng mô hình" in figures
    detail = client.get(reverse("practices:practice_detail", args=[world.cell.pk, launched.pk])).content.decode()
    assert "đã được nhân rộng tại <strong>1</strong> nơi" in detail


def test_committee_recognises_model_with_its_decision(world, launched, login):
    response = login(world.ward_admin).post(
        reverse("practices:practice_status", args=[world.ward.pk, launched.pk]),
        {"status": Status.TYPICAL, "changed_on": timezone.localdate().isoformat(), "note": "",
         "recognised_by": "Tỉnh ủy Thử Nghiệm", "decision": "15-QĐ/TU", "decided_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    launched.refresh_from_db()
    assert launched.status == Status.TYPICAL
    detail = login(world.ward_admin).get(response["Location"]).content.decode()
    assert "Tỉnh ủy Thử Nghiệm công nhận mô hình tiêu biểu (Quyết định số 15-QĐ/TU" in detail


def test_secretary_cannot_recognise_own_model(world, field, login):
    own = services.create_practice(by=world.secretary, org=world.cell, name="Chi bộ 6 tốt", field=field,
                                   started_on=datetime.date(2026, 1, 5))
    client = login(world.secretary)
    response = client.post(reverse("practices:practice_status", args=[world.cell.pk, own.pk]),
                           {"status": Status.TYPICAL, "changed_on": timezone.localdate().isoformat(),
                            "recognised_by": "Chi bộ", "decision": "1", "decided_on": timezone.localdate().isoformat()},
                           follow=True)
    own.refresh_from_db()
    assert own.status == Status.RUNNING
    assert "Chỉ cấp ủy có thẩm quyền mới ghi nhận mô hình tiêu biểu, xuất sắc." in response.content.decode()


def test_photo_is_served_through_visibility_and_public_page(world, launched, login, client):
    evidence = services.add_evidence(launched, by=world.ward_admin, kind="anh", caption="Ra mắt mô hình",
                                     photo=SimpleUploadedFile("ra-mat.png", PNG, content_type="image/png"))
    url = reverse("practices:evidence_photo", args=[world.ward.pk, launched.pk, evidence.pk])
    response = login(world.ward_admin).get(url)
    assert (response.status_code, response["Content-Type"], b"".join(response.streaming_content)) == (200, "image/png", PNG)
    client.logout()
    public_url = reverse("practices:public_practice", args=[launched.pk])
    assert client.get(public_url).status_code == 404
    services.set_public(launched, by=world.ward_admin, is_public=True)
    page = client.get(public_url).content.decode()
    assert "Dân vận khéo trong khu dân cư" in page
    assert reverse("practices:public_photo", args=[launched.pk, evidence.pk]) in page
    assert AuditEntry.objects.in_subtree(world.ward).filter(action="practice.publish").count() == 1


def test_registry_query_count_does_not_grow(world, field, login, django_assert_max_num_queries):
    client = login(world.ward_admin)
    url = reverse("practices:practice_list", args=[world.ward.pk])
    services.create_practice(by=world.ward_admin, org=world.ward, name="Mô hình 1", field=field,
                             started_on=datetime.date(2026, 1, 1))
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for i in range(2, 4):
        services.create_practice(by=world.secretary, org=world.cell, name=f"Mô hình {i}", field=field,
                                 started_on=datetime.date(2026, 1, i))
    with CaptureQueriesContext(connection) as three:
        client.get(url)
    assert len(three) == len(one)


def test_registry_export_lists_models_with_recognition(world, launched, login):
    import io

    import openpyxl

    services.set_status(launched, by=world.ward_admin, status=Status.TYPICAL, changed_on=timezone.localdate(),
                        recognised_by="Tỉnh ủy Thử Nghiệm", decision="15-QĐ/TU", decided_on=timezone.localdate())
    response = login(world.ward_admin).get(reverse("practices:practice_export", args=[world.ward.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["Tên mô hình", "Tổ chức thực hiện", "Nguồn"]
    assert rows[1][:3] == ["Dân vận khéo trong khu dân cư", "Đảng bộ phường Bến Thành", "Do cấp ủy phát động trong toàn đảng bộ"]
    assert (rows[1][7], rows[1][8].date(), rows[1][9], rows[1][10]) == (
        "Tiêu biểu", timezone.localdate(), "Tỉnh ủy Thử Nghiệm", "15-QĐ/TU")
    assert AuditEntry.objects.in_subtree(world.ward).filter(action="export.practices").count() == 1


def test_review_button_only_where_the_review_page_answers(world, launched, login):
    cell_view = login(world.secretary).get(reverse("practices:practice_detail", args=[world.cell.pk, launched.pk]))
    assert reverse("practices:practice_review", args=[world.cell.pk, launched.pk]) not in cell_view.content.decode()
    ward_view = login(world.ward_admin).get(reverse("practices:practice_detail", args=[world.ward.pk, launched.pk]))
    assert reverse("practices:practice_review", args=[world.ward.pk, launched.pk]) in ward_view.content.decode()
