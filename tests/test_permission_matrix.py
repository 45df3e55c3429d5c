"""Every URL of the site × every persona → the exact answer.

A URL added to any urls.py without an entry here fails `test_every_url_is_in_the_matrix`.
Targets are chosen so a leak would show: the organisation is the secretary's cell, the member
is a member of that cell; the sibling ward's committee and the member of the other cell must
get 404, exactly as if the page did not exist.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

PERSONAS = [
    "anonymous", "no_role_user", "member_user", "other_member_user", "secretary", "viewer",
    "sibling_admin", "ward_admin", "province_admin", "superuser",
]

# Answers for a page of the secretary's cell, by the ability it needs.
_OUT = {"anonymous": 302, "no_role_user": 404, "member_user": 404, "other_member_user": 404, "sibling_admin": 404}
BY_ABILITY = {
    "view": {**_OUT, "secretary": 200, "viewer": 200, "ward_admin": 200, "province_admin": 200, "superuser": 200},
    "manage": {**_OUT, "secretary": 200, "viewer": 403, "ward_admin": 200, "province_admin": 200, "superuser": 200},
    "administer": {**_OUT, "secretary": 403, "viewer": 403, "ward_admin": 200, "province_admin": 200, "superuser": 200},
}


def _signed_in(code):
    return {p: code for p in PERSONAS if p != "anonymous"}


# Who reads a document published by the ward: its members and everyone holding a role above or in it.
READERS_OF_WARD = {**_signed_in(200), "no_role_user": 404, "sibling_admin": 404}
MEMBERS_ONLY = {"anonymous": 302, **_signed_in(404), "member_user": 200, "other_member_user": 200, "secretary": 200}
AUTHOR_ONLY = {"anonymous": 302, **_signed_in(404), "member_user": 200}
MANAGERS_OF_CELL = ("secretary", "ward_admin", "province_admin", "superuser")
# A submitted reflection of the cell's member: its author, the cell (the secretary sits in it) and
# everyone who sees the cell from above.
READERS_OF_REFLECTION = {**BY_ABILITY["view"], "member_user": 200}


def _redirect(personas):
    return {p: 302 for p in personas}

REDIRECTS_WHEN_MANAGED = {**BY_ABILITY["manage"], **{p: 302 for p, c in BY_ABILITY["manage"].items() if c == 200}}


def cell(w):
    return {"org_id": w.cell.pk}


def cell_member(w):
    return {"org_id": w.cell.pk, "member_id": w.member.pk}


def cell_grant(w):
    grant = w.secretary.role_grants.get(org=w.cell)
    return {"org_id": w.cell.pk, "grant_id": grant.pk}


def cell_audit_entry(w):
    from hocbac.core.models import AuditEntry

    entry = AuditEntry.objects.in_subtree(w.cell).filter(action="member.create", object_id=str(w.member.pk)).get()
    return {"org_id": w.cell.pk, "entry_id": entry.pk}


def none(w):
    return {}


def member_account(w):
    return {"user_id": w.member_user.pk}


# Study and library objects, made on demand for the URL under test.
def _ward_document(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hocbac.library.services import create_document

    return create_document(by=w.ward_admin, org=w.ward, kind="ke_hoach", title="Kế hoạch học tập của phường",
                           attachment=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 test"))


def _cell_document(w):
    from hocbac.library.services import create_document

    return create_document(by=w.secretary, org=w.cell, kind="khac", title="Thông báo của chi bộ")


def ward_document(w):
    return {"document_id": _ward_document(w).pk}


def cell_org_document(w):
    return {"org_id": w.cell.pk, "document_id": _cell_document(w).pk}


def cell_org_ward_document(w):
    return {"org_id": w.cell.pk, "document_id": _ward_document(w).pk}


def _ward_campaign(w):
    import datetime

    from hocbac.study.services import create_campaign

    return create_campaign(by=w.ward_admin, org=w.ward, title="Học tập Kết luận 01",
                           starts_on=datetime.date(2026, 3, 1), due_on=datetime.date(2026, 12, 31))


def cell_campaign(w):
    return {"org_id": w.cell.pk, "campaign_id": _ward_campaign(w).pk}


def _cell_meeting(w):
    import datetime

    from django.utils import timezone

    from hocbac.study.services import create_session

    start = timezone.now() + datetime.timedelta(minutes=10)
    return create_session(by=w.secretary, org=w.cell, kind="thuong_ky", title="Sinh hoạt chi bộ",
                          starts_at=start, ends_at=start + datetime.timedelta(hours=2))


def cell_session(w):
    return {"org_id": w.cell.pk, "session_id": _cell_meeting(w).pk}


def cell_session_member(w):
    return {**cell_session(w), "member_id": w.member.pk}


def session_code(w):
    return {"code": _cell_meeting(w).checkin_code}


def cell_member_registration(w):

    from hocbac.commitments.services import save_draft

    save_draft(w.member, timezone.localdate().year, by=w.member_user, deeds=[{"text": "Thăm hộ nghèo"}])
    return {"org_id": w.cell.pk, "member_id": w.member.pk}


def cell_batch(w):
    from hocbac.orgs import imports
    from hocbac.orgs.tests.workbooks import as_upload, member_rows, member_workbook

    upload = as_upload(member_workbook(member_rows(2, [w.cell.code])))
    batch = imports.stage(upload, org=w.cell, kind="dang_vien", by=w.secretary)
    return {"org_id": w.cell.pk, "batch_id": batch.pk}


# Journal objects: a reflection of the member of the cell (assigned, drafted, submitted, read),
# a comment of theirs, and a private notebook entry of theirs.
def _reflection(w, *, upto):

    from hocbac.journal import services

    today = timezone.localdate()
    reflection = services.assign(w.cell, w.member, today.year, 1, by=w.secretary)
    if upto == "assigned":
        return reflection
    reflection = services.save_reflection(reflection, by=w.member_user, body="Tôi tự nhận thấy còn nể nang.",
                             corrections=[{"text": "Thẳng thắn góp ý trong sinh hoạt", "by": today}])
    if upto == "draft":
        return reflection
    reflection = services.submit_reflection(reflection, by=w.member_user)
    if upto == "read":
        reflection = services.mark_read(reflection, by=w.secretary, read_on=today)
    return reflection


def member_draft(w):
    return {"reflection_id": _reflection(w, upto="draft").pk}


def member_reflection(w):
    return {"reflection_id": _reflection(w, upto="submitted").pk}


def member_read_reflection(w):
    return {"reflection_id": _reflection(w, upto="read").pk}


def cell_assignment(w):
    return {"org_id": w.cell.pk, "reflection_id": _reflection(w, upto="assigned").pk}


def member_comment(w):
    from hocbac.journal import services

    reflection = _reflection(w, upto="submitted")
    comment = services.add_comment(reflection, by=w.member_user, body="Xin bổ sung một ý.", client_key="k1")
    return {"comment_id": comment.pk}


def member_private_entry(w):

    from hocbac.journal import services

    entry = services.save_entry(w.member, by=w.member_user, written_on=timezone.localdate(), studied="Đọc Di chúc của Bác")
    return {"entry_id": entry.pk}


def first_manifestation(w):
    from hocbac.journal.models import Manifestation

    return {"manifestation_id": Manifestation.objects.get(group=1, number=5, sub=0).pk}


def _cell_contest(w, **values):
    """An open contest of the cell (members only unless said) with five questions."""
    import datetime

    from django.utils import timezone

    from hocbac.contests.tests.conftest import make_contest, make_questions

    now = timezone.now()
    return make_contest(w.cell, w.secretary, make_questions(w.cell, w.secretary, 5),
                        opens_at=now - datetime.timedelta(hours=1), closes_at=now + datetime.timedelta(hours=1), **values)


def cell_contest(w):
    return {"org_id": w.cell.pk, "contest_id": _cell_contest(w).pk}


def cell_contest_code(w):
    return {"code": _cell_contest(w).code}


def public_contest_code(w):
    return {"code": _cell_contest(w, audience="cong_khai").code}


def pass_token(w):
    return {"code": _cell_contest(w).code, "token": "khong-hop-le"}


def _member_attempt(w, *, finished=False):
    from django.utils import timezone

    from hocbac.contests import services

    contest = _cell_contest(w)
    attempt, _ = services.start_attempt(contest, member=w.member, now=timezone.now())
    if finished:
        services.finish_attempt(attempt, now=timezone.now())
    return attempt


def member_attempt(w):
    return {"attempt_id": _member_attempt(w).pk}


def member_finished_attempt(w):
    return {"attempt_id": _member_attempt(w, finished=True).pk}


def cell_question(w):
    from hocbac.contests.tests.conftest import make_questions

    return {"org_id": w.cell.pk, "question_id": make_questions(w.cell, w.secretary, 1)[0].pk}


def cell_question_batch(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hocbac.contests import bank_io

    upload = SimpleUploadedFile("cau-hoi.gift", "Chỉ thị 05-CT/TW ban hành năm nào? {=2016 ~2011}\n".encode())
    return {"org_id": w.cell.pk, "batch_id": bank_io.stage(upload, org=w.cell, by=w.secretary).pk}


def cell_bank_export(w):
    return {"org_id": w.cell.pk, "fmt": "gift"}


# url name → (kwargs, method, {persona: status})
# Models (practices): the cell's own model, the ward's model launched for its subtree.
def _practice(w, org, by, **extra):
    import datetime

    from hocbac.practices.models import Field
    from hocbac.practices.services import create_practice

    return create_practice(by=by, org=org, name="Dân vận khéo", field=Field.objects.first(),
                           started_on=datetime.date(2026, 1, 5), **extra)


def cell_practice(w):
    return {"org_id": w.cell.pk, "practice_id": _practice(w, w.cell, w.secretary).pk}


def cell_ward_practice(w):
    """The cell's page of the model its ward launched: what the cell replicates."""
    return {"org_id": w.cell.pk, "practice_id": _practice(w, w.ward, w.ward_admin, origin="phat_dong").pk}


_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _practice_evidence(w, kind):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hocbac.practices.services import add_evidence

    practice = _practice(w, w.cell, w.secretary)
    extra = {"photo": SimpleUploadedFile("anh.png", _PNG)} if kind == "anh" else {"url": "https://baochinhphu.vn/"}
    return practice, add_evidence(practice, by=w.secretary, kind=kind, **extra)


def cell_practice_photo(w):
    practice, evidence = _practice_evidence(w, "anh")
    return {"org_id": w.cell.pk, "practice_id": practice.pk, "evidence_id": evidence.pk}


def cell_practice_link(w):
    practice, evidence = _practice_evidence(w, "lien_ket")
    return {"org_id": w.cell.pk, "practice_id": practice.pk, "evidence_id": evidence.pk}


def public_practice_photo(w):
    from hocbac.practices.services import set_public

    practice, evidence = _practice_evidence(w, "anh")
    set_public(practice, by=w.ward_admin, is_public=True)
    return {"practice_id": practice.pk, "evidence_id": evidence.pk}


def public_practice(w):
    return {"practice_id": public_practice_photo(w)["practice_id"]}


# Awards: the cell member's nomination sent to the ward (so the secretary may not decide it), the
# same once issued, a reminder of the member, the ward's inspection item targeting the cell and the
# follow-up its conclusion sets for the cell.
def _cell_commendation(w, *, issued=False):
    import datetime

    from hocbac.awards import services
    from hocbac.awards.models import AwardForm

    commendation = services.nominate(by=w.secretary, recipient="ca_nhan", member=w.member, awarding_org=w.ward,
                                     form=AwardForm.objects.get(name="Giấy khen"), year=2025, basis="chuong_trinh",
                                     reason="Gương mẫu vận động nhân dân")
    if issued:
        services.approve(commendation, by=w.ward_admin)
        services.issue([commendation], by=w.ward_admin, decision_number="12-QĐ/ĐU", decided_on=datetime.date(2025, 2, 3))
    return commendation


def cell_commendation(w):
    return {"org_id": w.cell.pk, "commendation_id": _cell_commendation(w).pk}


def cell_issued_commendation(w):
    return {"org_id": w.cell.pk, "commendation_id": _cell_commendation(w, issued=True).pk}


def cell_reminder(w):
    import datetime

    from hocbac.awards import services

    reminder = services.record_reminder(by=w.secretary, org=w.cell, member=w.member, kind="nhac_nho",
                                        reason="Chưa đăng ký làm theo", decided_by=w.cell, decided_on=datetime.date(2025, 5, 2))
    return {"org_id": w.cell.pk, "reminder_id": reminder.pk}


def _ward_inspection(w, *, concluded=False):
    import datetime

    from hocbac.awards import services

    item = services.create_item(by=w.ward_admin, org=w.ward, year=2025, kind="kiem_tra", content="Kiểm tra Chỉ thị 05",
                                targets=[w.cell], starts_on=datetime.date(2025, 3, 1), ends_on=datetime.date(2025, 3, 31),
                                inspectors="Ủy ban Kiểm tra")
    if concluded:
        services.conclude(item, by=w.ward_admin, conclusion="Thực hiện tốt", concluded_on=datetime.date(2025, 4, 10),
                          follow_ups=[{"org": w.cell, "text": "Bổ sung sổ", "due_on": datetime.date(2025, 6, 30)}])
    return item


def cell_inspection(w):
    return {"org_id": w.cell.pk, "item_id": _ward_inspection(w).pk}


def cell_follow_up(w):
    return {"org_id": w.cell.pk, "follow_up_id": _ward_inspection(w, concluded=True).follow_ups.get().pk}


# Ratings: the month before this one, so the period has begun.
def _last_month():
    import datetime

    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


def _shipped_set(name):
    from hocbac.ratings.models import CriteriaSet

    return CriteriaSet.objects.unscoped().get(name=name, org=None)


def cell_classification_period(w):
    month = _last_month()
    return {"org_id": w.cell.pk, "set_id": _shipped_set("Đảng viên 6 tốt").pk, "year": month.year, "period": month.month}


def cell_set_year(w):
    return {"org_id": w.cell.pk, "set_id": _shipped_set("Đảng viên 6 tốt").pk, "year": _last_month().year}


def cell_own_classification(w):
    from hocbac.ratings.services import classify_cell

    month = _last_month()
    row = classify_cell(_shipped_set("Chi bộ bốn tốt"), w.cell, by=w.secretary, year=month.year, period=month.month)
    return {"org_id": w.cell.pk, "classification_id": row.pk}


def cell_year(w):

    return {"org_id": w.cell.pk, "year": timezone.localdate().year}


def cell_year_member(w):
    return {**cell_year(w), "member_id": w.member.pk}


def cell_report(w):
    from hocbac.reports.services import create_report

    report = create_report(by=w.secretary, org=w.cell, kind="tong_ket", period_codes=[str(timezone.localdate().year)],
                           title="Tổng kết năm", place="Bến Thành", signer_name="Nguyễn Thị Bí Thư")
    return {"org_id": w.cell.pk, "report_id": report.pk}


# Evidence pack: the cell member's year, with a reminder (read only by those who manage the cell
# and the member), so a leak to the view-only inspector or another member would show.
def cell_member_pack(w):

    from hocbac.awards import services

    services.record_reminder(by=w.secretary, org=w.cell, member=w.member, kind="nhac_nho", reason="Chậm nộp bài",
                             decided_by=w.cell, decided_on=timezone.localdate())
    return {"org_id": w.cell.pk, "year": timezone.localdate().year, "member_id": w.member.pk}


def own_pack_year(w):
    return {"year": cell_member_pack(w)["year"]}


# Outreach: the ward's notice (it reaches every member of the ward), with an attachment; the
# cell's own notice; a citizen's proposal to the ward and an article on the ward's public site.
# The ward's committee pages: the secretary holds no role over the ward (404).
WARD_BY_ABILITY = {ability: {**answers, "secretary": 404} for ability, answers in BY_ABILITY.items()}
EVERYONE = {"anonymous": 200, **_signed_in(200)}


def _ward_notice(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hocbac.outreach.services import send_notice

    return send_notice(by=w.ward_admin, org=w.ward, title="Thông báo lịch học tập chuyên đề", must_read=True,
                       attachments=[SimpleUploadedFile("lich.pdf", b"%PDF-1.4 lich")])


def ward_notice(w):
    return {"notice_id": _ward_notice(w).pk}


def ward_notice_file(w):
    notice = _ward_notice(w)
    return {"notice_id": notice.pk, "attachment_id": notice.attachments.get().pk}


def cell_notice(w):
    from hocbac.outreach.services import send_notice

    return {"org_id": w.cell.pk, "notice_id": send_notice(by=w.secretary, org=w.cell, title="Họp chi bộ tháng").pk}


def ward(w):
    return {"org_id": w.ward.pk}


def member_meeting(w):
    return {"session_id": _cell_meeting(w).pk}


def _ward_proposal(w):
    from hocbac.outreach.services import send_public_proposal

    return send_public_proposal(org=w.ward, name="Nguyễn Văn Dân", contact="0903000111", title="Lắp đèn hẻm 12",
                                body="Hẻm 12 tối, xin lắp thêm đèn.", ip="10.0.0.9")


def ward_proposal(w):
    return {"org_id": w.ward.pk, "proposal_id": _ward_proposal(w).pk}


def proposal_token(w):
    return {"token": _ward_proposal(w).token}


def _ward_article(w):
    from hocbac.outreach.services import publish_article

    return publish_article(by=w.ward_admin, org=w.ward, title="Kỳ 1: Bác Hồ với nhân dân", body="Nội dung bài viết.")


def ward_item(w):
    return {"org_id": w.ward.pk, "item_id": _ward_article(w).pk}


MATRIX = {
    "home": (none, "get", {"anonymous": 302, **_signed_in(302), "no_role_user": 200}),
    "accounts:login": (none, "get", {"anonymous": 200, **_signed_in(302)}),
    "accounts:logout": (none, "post", {"anonymous": 302, **_signed_in(302)}),
    "accounts:password_change": (none, "get", {"anonymous": 302, **_signed_in(200)}),
    "accounts:end_sessions": (member_account, "get", {"anonymous": 302, **_signed_in(403), "superuser": 200}),
    "orgs:my_home": (none, "get", {"anonymous": 302, **_signed_in(404), "member_user": 200, "other_member_user": 200, "secretary": 200}),
    "orgs:my_data": (none, "get", {"anonymous": 302, **_signed_in(404), "member_user": 200, "other_member_user": 200, "secretary": 200}),
    "orgs:org_index": (none, "get", {"anonymous": 302, **_signed_in(200)}),
    "orgs:org_detail": (cell, "get", BY_ABILITY["view"]),
    "orgs:org_create": (cell, "get", BY_ABILITY["administer"]),
    "orgs:org_edit": (cell, "get", BY_ABILITY["administer"]),
    "orgs:org_move": (cell, "get", BY_ABILITY["administer"]),
    "orgs:member_list": (cell, "get", BY_ABILITY["view"]),
    "orgs:member_create": (cell, "get", BY_ABILITY["manage"]),
    "orgs:member_detail": (cell_member, "get", BY_ABILITY["view"]),
    "orgs:member_edit": (cell_member, "get", BY_ABILITY["manage"]),
    "orgs:member_transfer": (cell_member, "get", BY_ABILITY["manage"]),
    "orgs:member_status": (cell_member, "get", BY_ABILITY["manage"]),
    "orgs:member_account": (cell_member, "post", BY_ABILITY["manage"]),
    "orgs:grant_list": (cell, "get", BY_ABILITY["administer"]),
    "orgs:grant_revoke": (cell_grant, "post", {**BY_ABILITY["administer"], "ward_admin": 302, "province_admin": 302, "superuser": 302}),
    "orgs:audit_list": (cell, "get", BY_ABILITY["manage"]),
    "orgs:audit_detail": (cell_audit_entry, "get", BY_ABILITY["manage"]),
    # excel: member workbooks need "manage", the tree's need "administer"; exports of the tree "view".
    "excel:member_import": (cell, "get", BY_ABILITY["manage"]),
    "excel:member_template": (cell, "get", BY_ABILITY["manage"]),
    "excel:member_export": (cell, "get", BY_ABILITY["manage"]),
    "excel:org_import": (cell, "get", BY_ABILITY["administer"]),
    "excel:org_template": (cell, "get", BY_ABILITY["administer"]),
    "excel:org_export": (cell, "get", BY_ABILITY["view"]),
    "excel:batch": (cell_batch, "get", BY_ABILITY["manage"]),
    "excel:batch_commit": (cell_batch, "post", REDIRECTS_WHEN_MANAGED),
    # library: documents reach their publisher's subtree; members read them outside /o/.
    "library:document_list": (none, "get", {"anonymous": 302, **_signed_in(200)}),
    "library:document_detail": (ward_document, "get", {**READERS_OF_WARD, "anonymous": 302}),
    "library:document_file": (ward_document, "get", {**READERS_OF_WARD, "anonymous": 302}),
    "library:document_bookmark": (ward_document, "post", {**{p: 302 if c == 200 else c for p, c in READERS_OF_WARD.items()}, "anonymous": 302}),
    "library:document_create": (cell, "get", BY_ABILITY["administer"]),
    "library:document_edit": (cell_org_document, "get", BY_ABILITY["administer"]),
    "library:document_reads": (cell_org_ward_document, "get", BY_ABILITY["view"]),
    "library:topic_list": (cell, "get", BY_ABILITY["administer"]),
    # study
    # commitments: a member's own page outside /o/; the cell's register and steps under it.
    "commitments:mine": (none, "get", {"anonymous": 302, **_signed_in(404), "member_user": 200, "other_member_user": 200, "secretary": 200}),
    "commitments:register": (cell, "get", BY_ABILITY["view"]),
    "commitments:disclose": (cell, "post", REDIRECTS_WHEN_MANAGED),
    "commitments:org_plan": (cell, "get", BY_ABILITY["manage"]),
    "commitments:copies": (cell, "get", BY_ABILITY["manage"]),
    "commitments:year_template": (cell, "get", BY_ABILITY["administer"]),
    "commitments:member_registration": (cell_member, "get", BY_ABILITY["manage"]),
    "commitments:register_export": (cell, "get", BY_ABILITY["manage"]),
    "commitments:registration_document": (cell_member_registration, "get", BY_ABILITY["manage"]),
    # journal: a member's own pages under /toi/; a reflection is read by its cell and those above
    # (journal.rules); the committee steps need "manage"; a private notebook page only its author.
    "journal:mine": (none, "get", MEMBERS_ONLY),
    "journal:notebook": (none, "get", MEMBERS_ONLY),
    "journal:write": (member_draft, "get", AUTHOR_ONLY),
    "journal:entry": (member_private_entry, "get", AUTHOR_ONLY),
    "journal:comment_edit": (member_comment, "get", AUTHOR_ONLY),
    "journal:reflection": (member_reflection, "get", READERS_OF_REFLECTION),
    "journal:comment": (member_reflection, "post", {**READERS_OF_REFLECTION, **_redirect(MANAGERS_OF_CELL), "member_user": 302,
                                                    "viewer": 403}),
    "journal:comment_delete": (member_comment, "post", {**READERS_OF_REFLECTION, **_redirect(MANAGERS_OF_CELL),
                                                        "member_user": 302, "viewer": 403}),
    "journal:mark_read": (member_reflection, "post", {**READERS_OF_REFLECTION, **_redirect(MANAGERS_OF_CELL),
                                                      "member_user": 403, "viewer": 403}),
    "journal:conclude": (member_read_reflection, "post", {**READERS_OF_REFLECTION, **_redirect(MANAGERS_OF_CELL),
                                                          "member_user": 403, "viewer": 403}),
    "journal:reflection_document": (member_reflection, "get", {**READERS_OF_REFLECTION, "member_user": 403, "viewer": 403}),
    "journal:rota": (cell, "get", BY_ABILITY["view"]),
    "journal:assign": (cell, "post", REDIRECTS_WHEN_MANAGED),
    "journal:unassign": (cell_assignment, "post", REDIRECTS_WHEN_MANAGED),
    "journal:tally": (cell, "get", BY_ABILITY["view"]),
    "journal:register_export": (cell, "get", BY_ABILITY["manage"]),
    "journal:notebooks": (cell, "get", BY_ABILITY["manage"]),
    "journal:member_notebook": (cell_member, "get", BY_ABILITY["manage"]),
    "journal:manifestations": (none, "get", {"anonymous": 302, **_signed_in(200)}),
    "journal:manifestation_edit": (first_manifestation, "get", {"anonymous": 302, **_signed_in(403), "superuser": 200}),
    # contests: taking part is for the member (their attempt is theirs alone: 404 for anyone
    # else); results and the projector for those who see the organiser; the rest needs "manage".
    "contests:mine": (none, "get", MEMBERS_ONLY),
    "contests:landing": (cell_contest_code, "get", READERS_OF_REFLECTION),
    "contests:start": (cell_contest_code, "post", {"anonymous": 302, **_signed_in(404), "member_user": 302, "secretary": 302}),
    "contests:join": (public_contest_code, "get", {"anonymous": 200, **_signed_in(200)}),
    "contests:redeem": (pass_token, "get", {"anonymous": 200, **_signed_in(200)}),
    "contests:question": (member_attempt, "get", AUTHOR_ONLY),
    "contests:answer": (member_attempt, "post", {**AUTHOR_ONLY, "member_user": 302}),
    "contests:predict": (member_attempt, "post", {**AUTHOR_ONLY, "member_user": 302}),
    "contests:tab_switch": (member_attempt, "post", {**AUTHOR_ONLY, "member_user": 204}),
    "contests:result": (member_finished_attempt, "get", AUTHOR_ONLY),
    "contests:leaderboard": (cell_contest_code, "get", BY_ABILITY["view"]),
    "contests:leaderboard_rows": (cell_contest_code, "get", BY_ABILITY["view"]),
    "contests:qr": (cell_contest_code, "get", BY_ABILITY["view"]),
    "contests:bank": (cell, "get", BY_ABILITY["manage"]),
    "contests:question_new": (cell, "get", BY_ABILITY["manage"]),
    "contests:question_edit": (cell_question, "get", BY_ABILITY["manage"]),
    "contests:question_copy": (cell_question, "post", REDIRECTS_WHEN_MANAGED),
    "contests:question_retire": (cell_question, "post", REDIRECTS_WHEN_MANAGED),
    "contests:contests": (cell, "get", BY_ABILITY["view"]),
    "contests:contest_new": (cell, "get", BY_ABILITY["manage"]),
    "contests:extra_time": (cell, "get", BY_ABILITY["manage"]),
    "contests:detail": (cell_contest, "get", BY_ABILITY["view"]),
    "contests:contest_edit": (cell_contest, "get", BY_ABILITY["manage"]),
    "contests:contest_questions": (cell_contest, "get", BY_ABILITY["manage"]),
    "contests:ranking": (cell_contest, "get", BY_ABILITY["view"]),
    "contests:export": (cell_contest, "get", BY_ABILITY["view"]),
    "contests:passes": (cell_contest, "get", BY_ABILITY["manage"]),
    "contests_io:bank_import": (cell, "get", BY_ABILITY["manage"]),
    "contests_io:bank_import_preview": (cell_question_batch, "get", BY_ABILITY["manage"]),
    "contests_io:bank_template": (cell, "get", BY_ABILITY["manage"]),
    "contests_io:bank_export": (cell_bank_export, "get", BY_ABILITY["manage"]),
    # practices: the registry reads with "view", changes need "manage" on the model's organisation;
    # publishing is a committee's ("administer"); a published model and its photos are public.
    "practices:practice_list": (cell, "get", BY_ABILITY["view"]),
    "practices:practice_export": (cell, "get", BY_ABILITY["view"]),
    "practices:practice_new": (cell, "get", BY_ABILITY["manage"]),
    "practices:practice_detail": (cell_practice, "get", BY_ABILITY["view"]),
    "practices:practice_edit": (cell_practice, "get", BY_ABILITY["manage"]),
    "practices:practice_status": (cell_practice, "post", REDIRECTS_WHEN_MANAGED),
    "practices:practice_publish": (cell_practice, "post", {**BY_ABILITY["administer"], "ward_admin": 302, "province_admin": 302,
                                                           "superuser": 302}),
    "practices:practice_review": (cell_practice, "get", BY_ABILITY["manage"]),
    "practices:practice_adopt": (cell_ward_practice, "get", BY_ABILITY["manage"]),
    "practices:evidence_add": (cell_practice, "post", REDIRECTS_WHEN_MANAGED),
    "practices:evidence_remove": (cell_practice_link, "post", REDIRECTS_WHEN_MANAGED),
    "practices:evidence_photo": (cell_practice_photo, "get", BY_ABILITY["view"]),
    "practices:public_practice": (public_practice, "get", {"anonymous": 200, **_signed_in(200)}),
    "practices:public_photo": (public_practice_photo, "get", {"anonymous": 200, **_signed_in(200)}),
    "practices:fields": (none, "get", {"anonymous": 302, **_signed_in(403), "superuser": 200}),
    # awards: pages read with "view", nominations and reminders need "manage", plans "administer";
    # deciding a commendation needs "manage" on its awarding body (the ward, not the secretary's
    # cell); a follow-up is reported done by those who manage its organisation; the member reads
    # their own reminders under /toi/; the catalogue of forms is the system administrator's.
    "awards:commendation_list": (cell, "get", BY_ABILITY["view"]),
    "awards:commendation_new": (cell, "get", BY_ABILITY["manage"]),
    "awards:commendation_detail": (cell_commendation, "get", BY_ABILITY["view"]),
    "awards:commendation_approve": (cell_commendation, "post", {**BY_ABILITY["view"], "secretary": 403, "viewer": 403,
                                                                **_redirect(("ward_admin", "province_admin", "superuser"))}),
    "awards:commendation_decline": (cell_commendation, "post", {**BY_ABILITY["view"], "secretary": 403, "viewer": 403,
                                                                **_redirect(("ward_admin", "province_admin", "superuser"))}),
    "awards:commendation_withdraw": (cell_commendation, "post", REDIRECTS_WHEN_MANAGED),
    "awards:commendation_issue": (cell, "get", BY_ABILITY["manage"]),
    "awards:certificate": (cell_issued_commendation, "get", BY_ABILITY["view"]),
    "awards:commendation_export": (cell, "get", BY_ABILITY["view"]),
    "awards:award_forms": (none, "get", {"anonymous": 302, **_signed_in(403), "superuser": 200}),
    "awards:reminder_list": (cell, "get", BY_ABILITY["manage"]),
    "awards:reminder_new": (cell, "get", BY_ABILITY["manage"]),
    "awards:reminder_detail": (cell_reminder, "get", BY_ABILITY["manage"]),
    "awards:my_reminders": (none, "get", MEMBERS_ONLY),
    "awards:inspection_plan": (cell, "get", BY_ABILITY["view"]),
    "awards:inspection_new": (cell, "get", BY_ABILITY["administer"]),
    "awards:inspection_export": (cell, "get", BY_ABILITY["view"]),
    "awards:inspection_detail": (cell_inspection, "get", BY_ABILITY["view"]),
    "awards:inspection_edit": (cell_inspection, "get", BY_ABILITY["administer"]),
    "awards:inspection_conclude": (cell_inspection, "get", BY_ABILITY["administer"]),
    "awards:follow_up_done": (cell_follow_up, "post", REDIRECTS_WHEN_MANAGED),
    # ratings: a cell classifies with "manage" (the committee above confirms with "manage" on
    # itself); criteria sets are a committee's; a member's year-end page needs "manage", their own
    # is /toi/danh-gia/.
    "ratings:overview": (cell, "get", BY_ABILITY["view"]),
    "ratings:classify": (cell_classification_period, "get", BY_ABILITY["manage"]),
    "ratings:year_view": (cell_set_year, "get", BY_ABILITY["view"]),
    "ratings:confirm": (cell_own_classification, "post", REDIRECTS_WHEN_MANAGED),
    "ratings:sets": (cell, "get", BY_ABILITY["administer"]),
    "ratings:year_end": (cell_year, "get", BY_ABILITY["view"]),
    "ratings:org_rating": (cell_year, "get", BY_ABILITY["view"]),
    "ratings:rating": (cell_year_member, "get", BY_ABILITY["manage"]),
    "ratings:my_rating": (none, "get", MEMBERS_ONLY),
    # reports: the dashboard of an organisation needs "view" (a ward never sees a sibling's).
    "reports:dashboard": (cell, "get", BY_ABILITY["view"]),
    # reports: read and downloaded with "view", drafted and issued with "manage".
    "reports:report_list": (cell, "get", BY_ABILITY["view"]),
    "reports:report": (cell_report, "get", BY_ABILITY["view"]),
    "reports:report_issue": (cell_report, "post", REDIRECTS_WHEN_MANAGED),
    "reports:report_docx": (cell_report, "get", BY_ABILITY["view"]),
    "reports:report_annex": (cell_report, "get", BY_ABILITY["view"]),
    # evidence: the member's pack for the review meeting needs "manage" on the cell (404 for a
    # member elsewhere); a member reads their own under /toi/.
    "evidence:pack": (cell_member_pack, "get", BY_ABILITY["manage"]),
    "evidence:pack_document": (cell_member_pack, "get", BY_ABILITY["manage"]),
    "evidence:my_pack": (own_pack_year, "get", MEMBERS_ONLY),
    "study:campaign_list": (cell, "get", BY_ABILITY["view"]),
    "study:campaign_create": (cell, "get", BY_ABILITY["administer"]),
    "study:campaign_detail": (cell_campaign, "get", BY_ABILITY["view"]),
    "study:campaign_export": (cell_campaign, "get", BY_ABILITY["view"]),
    "study:document_coverage": (cell_org_ward_document, "get", BY_ABILITY["view"]),
    "study:document_coverage_export": (cell_org_ward_document, "get", BY_ABILITY["view"]),
    "study:session_list": (cell, "get", BY_ABILITY["view"]),
    "study:session_create": (cell, "get", BY_ABILITY["manage"]),
    "study:session_detail": (cell_session, "get", BY_ABILITY["view"]),
    "study:attendance_sheet": (cell_session, "get", BY_ABILITY["manage"]),
    "study:attendance_mark": (cell_session_member, "post", REDIRECTS_WHEN_MANAGED),
    "study:session_non_members": (cell_session, "post", REDIRECTS_WHEN_MANAGED),
    "study:session_qr": (cell_session, "get", BY_ABILITY["manage"]),
    "study:attendance_export": (cell_session, "get", BY_ABILITY["view"]),
    "study:attendance_import": (cell_session, "get", BY_ABILITY["manage"]),
    "study:activity": (cell, "get", BY_ABILITY["view"]),
    "study:activity_export": (cell, "get", BY_ABILITY["view"]),
    # A member checks in with the code; people without a member record have nothing to check in.
    "study:check_in": (session_code, "get", {**_signed_in(404), "anonymous": 302, "member_user": 200,
                                             "other_member_user": 200, "secretary": 200}),
    # outreach: a member reads the notices that reach them under /toi/ (reading records it); an
    # attachment is for them and for those who see the sender; a cell's or committee's notices and
    # read counts read with "view", sending needs "manage"; proposals to a committee need "manage"
    # (they carry citizens' contacts); the public site is a committee's ("administer"); the site,
    # its pages, the citizens' form and the sender's private link are public.
    "outreach:my_notices": (none, "get", MEMBERS_ONLY),
    "outreach:my_notice": (ward_notice, "get", MEMBERS_ONLY),
    "outreach:my_proposals": (none, "get", MEMBERS_ONLY),
    # the cell's meeting: its members (the secretary sits in the cell); a member of another cell 404
    "outreach:my_meeting": (member_meeting, "get", {"anonymous": 302, **_signed_in(404), "member_user": 200,
                                                  "secretary": 200}),
    "outreach:notice_file": (ward_notice_file, "get", {**READERS_OF_WARD, "anonymous": 302}),
    "outreach:notice_list": (cell, "get", BY_ABILITY["view"]),
    "outreach:notice_new": (cell, "get", BY_ABILITY["manage"]),
    "outreach:notice_detail": (cell_notice, "get", BY_ABILITY["view"]),
    "outreach:proposal_list": (ward, "get", WARD_BY_ABILITY["manage"]),
    "outreach:proposal_detail": (ward_proposal, "get", WARD_BY_ABILITY["manage"]),
    "outreach:publication_list": (ward, "get", WARD_BY_ABILITY["administer"]),
    "outreach:article_new": (ward, "get", WARD_BY_ABILITY["administer"]),
    "outreach:publish": (ward, "post", {**WARD_BY_ABILITY["administer"],
                                        **_redirect(("ward_admin", "province_admin", "superuser"))}),
    "outreach:withdraw": (ward_item, "post", {**WARD_BY_ABILITY["administer"],
                                              **_redirect(("ward_admin", "province_admin", "superuser"))}),
    "outreach:public_site": (ward, "get", EVERYONE),
    "outreach:public_item": (ward_item, "get", EVERYONE),
    "outreach:public_proposal": (ward, "get", EVERYONE),
    "outreach:proposal_status": (proposal_token, "get", EVERYONE),
}

# What a POST sends, where an empty body would stop at validation.
POST_DATA = {"study:attendance_mark": {"status": "co_mat"}, "study:session_non_members": {"count": "3"},
             "journal:comment": {"body": "Tôi đồng tình với bài viết.", "client_key": "matrix"},
             "journal:mark_read": {"read_on": __import__("django.utils.timezone").utils.timezone.localdate().isoformat()},
             "journal:conclude": {"text": "Chi bộ ghi nhận tinh thần tự phê bình."}}

# Namespaces covered by their own matrix (the JSON API: tests/test_api_matrix.py).
ELSEWHERE = {"api"}


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace in ELSEWHERE:
                continue
            names |= all_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_in_the_matrix():
    assert all_url_names() - set(MATRIX) == set()
    assert set(MATRIX) - all_url_names() == set()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_permission_matrix(url_name, persona, world, client):
    kwargs_for, method, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=kwargs_for(world))
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.post(url, POST_DATA.get(url_name, {})) if method == "post" else client.get(url)
    assert (persona, response.status_code) == (persona, expected[persona])
    if persona == "anonymous" and expected[persona] == 302 and url_name not in {"accounts:logout"}:
        assert response["Location"].startswith(reverse("accounts:login"))


# The only pages an anonymous visitor opens: signing in, public contests and models, the public
# site of a committee with its proposal form and the sender's private link.
ANONYMOUS_PAGES = {"accounts:login", "contests:join", "contests:redeem", "practices:public_practice",
                   "practices:public_photo", "outreach:public_site", "outreach:public_item",
                   "outreach:public_proposal", "outreach:proposal_status"}


def test_only_public_pages_answer_anonymous_visitors():
    assert {name for name, (_, _, expected) in MATRIX.items() if expected["anonymous"] < 300} == ANONYMOUS_PAGES


def test_home_sends_each_persona_to_their_work(world, client):
    expected = {
        "member_user": reverse("orgs:my_home"),
        "secretary": reverse("orgs:org_detail", kwargs={"org_id": world.cell.pk}),
        "ward_admin": reverse("orgs:org_detail", kwargs={"org_id": world.ward.pk}),
        "viewer": reverse("orgs:org_detail", kwargs={"org_id": world.ward.pk}),
        "province_admin": reverse("orgs:org_detail", kwargs={"org_id": world.province.pk}),
        "superuser": reverse("orgs:org_detail", kwargs={"org_id": world.province.pk}),
    }
    for persona, location in expected.items():
        client.force_login(getattr(world, persona))
        assert (persona, client.get(reverse("home"))["Location"]) == (persona, location)


def test_member_of_another_cell_is_404_even_for_the_ward(world, client):
    """A member is reached only through an organisation that contains them."""
    client.force_login(world.ward_admin)
    url = reverse("orgs:member_detail", kwargs={"org_id": world.cell.pk, "member_id": world.other_member.pk})
    assert client.get(url).status_code == 404
    url = reverse("orgs:member_detail", kwargs={"org_id": world.ward.pk, "member_id": world.other_member.pk})
    assert client.get(url).status_code == 200


SHARED_ENTRY_READERS = {"anonymous": 302, **_signed_in(404), "member_user": 200,
                        **{p: 200 for p in MANAGERS_OF_CELL}}


@pytest.mark.parametrize("persona", PERSONAS)
def test_shared_notebook_entry_is_read_by_its_author_and_the_committee(persona, world, client):

    from hocbac.journal import services

    entry = services.save_entry(world.member, by=world.member_user, written_on=timezone.localdate(),
                                did="Vận động hộ nghèo làm hồ sơ vay vốn", shared=True)
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.get(reverse("journal:entry", kwargs={"entry_id": entry.pk}))
    assert (persona, response.status_code) == (persona, SHARED_ENTRY_READERS[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_draft_reflection_is_read_by_its_author_only(persona, world, client):
    reflection_id = member_draft(world)["reflection_id"]
    if persona != "anonymous":
        client.force_login(getattr(world, persona))
    response = client.get(reverse("journal:reflection", kwargs={"reflection_id": reflection_id}))
    assert (persona, response.status_code) == (persona, AUTHOR_ONLY[persona])
