"""Every operation of the JSON API × every persona → the exact answer (bearer tokens).

Operations are enumerated from the site's URL resolver (namespace "api"): one added without an
entry here fails `test_every_operation_is_in_the_matrix`; the OpenAPI schema is checked against
the matrix too. Anonymous is always 401; the schema itself is public.
Targets are the secretary's cell and its member, as in the page matrix: the sibling ward's
committee and the member of the other cell must get 404."""

import datetime
import itertools
import json
from urllib.parse import unquote

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from hocbac.accounts.services import issue_api_token
from tests.test_permission_matrix import (
    BY_ABILITY,
    PERSONAS,
    READERS_OF_WARD,
    _ward_campaign,
    _ward_document,
)

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


def new_group(w):
    n = next(_counter)
    return {"code": f"P01-KP1-T{n}", "name": f"Tổ đảng số {n}", "kind": "to_dang"}


def new_member(w):
    n = next(_counter)
    return {"full_name": f"Đảng Viên Mới {n}", "gender": "nam", "birth_date": "1980-01-01",
            "admitted_on": "2005-01-01", "card_number": f"97{n:06d}"}


# Commitments: the target is the registration of this year of the secretary's cell's member,
# brought to the step the operation needs. Only that member reaches it through /me (every other
# signed-in account, members included, gets 404: they have none of their own this year).
def _registration(w, last_step=None):
    from hocbac.commitments import selectors, services

    today = timezone.localdate()
    if existing := selectors.registration_of(w.member, today.year):  # the schema test asks every row's params at once
        return existing
    registration = services.save_draft(w.member, today.year, by=w.member_user, study_plan="Học chuyên đề năm",
                                       deeds=[{"text": "Thăm hộ nghèo", "measure": "12 lượt"}],
                                       anti_degradation="Không nói không đi đôi với làm")
    if last_step is None:
        return registration
    steps = {
        "submit": lambda r: services.submit(r, by=w.member_user),
        "disclose": lambda r: services.disclose([r], on=today, by=w.secretary),
        "self_assess": lambda r: services.self_assess(r, by=w.member_user, text="Đã làm đủ các việc"),
        "evaluate": lambda r: services.evaluate(r, by=w.secretary, result="tot"),
    }
    for step, run in steps.items():
        run(registration)
        registration.refresh_from_db()
        if step == last_step:
            break
    return registration


def my_draft(w):
    _registration(w)
    return {}


def my_disclosed(w):
    _registration(w, "disclose")
    return {}


def cell_member_draft(w):
    _registration(w)
    return cell_member(w)


def cell_member_self_assessed(w):
    _registration(w, "self_assess")
    return cell_member(w)


def cell_member_evaluated(w):
    _registration(w, "evaluate")
    return cell_member(w)


def cell_submitted(w):
    _registration(w, "submit")
    return cell(w)


def disclose_body(w):
    from hocbac.commitments.models import Registration

    return {"ids": [Registration.objects.unscoped().get(member=w.member).pk], "on": timezone.localdate().isoformat()}


def draft_body(w):
    return {"year": timezone.localdate().year, "deeds": [{"text": "Giúp đỡ đảng viên mới", "measure": "2 đồng chí"}],
            "anti_degradation": "Không vô cảm"}


# Accounts that are a member (their own registration through /me), and the one member whose
# registration the /me rows of the matrix set up.
MEMBERS = {p: 200 if p in ("member_user", "other_member_user", "secretary") else 404 for p in SIGNED_IN}
THE_MEMBER = {p: 200 if p == "member_user" else 404 for p in SIGNED_IN}


# Journal: the target is the reflection of this month of the secretary's cell's member, brought to
# the step the operation needs, and that member's comment on it; a draft is its author's only,
# a submitted one is read by the cell (its member, its committee) and those who see the cell.
# The member of the other cell and the sibling ward's committee must get 404.
def _reflection(w, last_step=None):
    from hocbac.journal import services
    from hocbac.journal.models import Manifestation, Reflection

    today = timezone.localdate()
    if existing := Reflection.objects.unscoped().filter(member=w.member).first():  # the schema test asks every row at once
        return existing
    reflection = services.assign(w.cell, w.member, today.year, today.month, by=w.secretary)
    steps = {
        "draft": lambda r: services.save_reflection(
            r, by=w.member_user, title="Nói đi đôi với làm", body="Tự soi, tự sửa về lề lối làm việc.",
            manifestation_ids=[Manifestation.objects.get(group=2, number=1, sub=0).pk],
            corrections=[{"text": "Trả lời đơn của dân đúng hẹn", "by": today.isoformat()}]),
        "submit": lambda r: services.submit_reflection(r, by=w.member_user),
        "read": lambda r: services.mark_read(r, by=w.secretary, read_on=today),
    }
    for step, run in steps.items():
        if last_step is None:
            break
        run(reflection)
        reflection.refresh_from_db()
        if step == last_step:
            break
    return reflection


def my_reflection(w):
    return {"reflection_id": _reflection(w).pk}


def my_draft_reflection(w):
    return {"reflection_id": _reflection(w, "draft").pk}


def my_reflections_set(w):
    _reflection(w, "submit")
    return {}


def submitted_reflection(w):
    return {"reflection_id": _reflection(w, "submit").pk}


def read_reflection(w):
    return {"reflection_id": _reflection(w, "read").pk}


def members_comment(w):
    from hocbac.journal import services

    comment = services.add_comment(_reflection(w, "submit"), by=w.member_user, body="Bài viết thẳng thắn.",
                                   client_key="ma-tran")
    return {"comment_id": comment.pk}


def _notebook_entry(w):
    from hocbac.journal import services
    from hocbac.journal.models import NotebookEntry

    if existing := NotebookEntry.objects.unscoped().filter(member=w.member).first():
        return existing
    return services.save_entry(w.member, by=w.member_user, written_on=timezone.localdate(), studied="Chuyên đề năm",
                               shared=True)


def my_notebook_entry(w):
    return {"entry_id": _notebook_entry(w).pk}


def cell_submitted_reflection(w):
    _reflection(w, "submit")
    return cell(w)


def my_notebook_set(w):
    _notebook_entry(w)
    return {}


def entry_body(w):
    return {"written_on": timezone.localdate().isoformat(), "did": "Giúp hộ nghèo sửa nhà", "shared": True}


def reflection_body(w):
    return {"title": "Sửa mình", "body": "Còn nể nang trong phê bình.",
            "corrections": [{"text": "Phê bình thẳng thắn tại sinh hoạt", "by": timezone.localdate().isoformat()}]}


def assign_body(w):
    today = timezone.localdate()
    return {"member_id": w.member.pk, "year": today.year, "month": today.month}


# Contests: the target is a contest of the secretary's cell, open now, with two questions and
# the prediction after them, and its cell member's attempt brought to the step the operation needs.
# Members it is open to (the cell's, the secretary among them) start an attempt; an attempt is its
# taker's alone (everyone else, its organisers included, gets 404).
def _contest(w):
    from hocbac.contests.tests.conftest import make_contest, make_questions

    if not hasattr(w, "api_contest"):  # the schema test asks every row's params at once
        now = timezone.now()
        w.api_contest = make_contest(w.cell, w.secretary, make_questions(w.cell, w.secretary, 2), question_count=2,
                                     has_prediction=True, opens_at=now - datetime.timedelta(hours=1),
                                     closes_at=now + datetime.timedelta(hours=1))
    return w.api_contest


def cell_contest(w):
    return {"org_id": w.cell.pk, "contest_id": _contest(w).pk}


def contest_code(w):
    return {"code": _contest(w).code}


def _attempt(w, last_step=None):
    from hocbac.contests import services

    attempt, _ = services.start_attempt(_contest(w), member=w.member, now=timezone.now())  # or the open one
    for slot in attempt.slots.all() if last_step else []:
        services.current_slot(attempt, now=timezone.now())
        if last_step == "served":
            break
        services.submit_answer(attempt, position=slot.position, option_ids=slot.key, now=timezone.now())
    return attempt


def my_attempt(w):
    return {"attempt_id": _attempt(w).pk}


def my_served_attempt(w):
    return {"attempt_id": _attempt(w, "served").pk}


def my_answered_attempt(w):
    return {"attempt_id": _attempt(w, "answered").pk}


def first_answer_body(w):
    return {"position": 0, "option_ids": _attempt(w).slots.get(position=0).key}


def contest_body(w):
    opens = timezone.now() + datetime.timedelta(days=1)
    return {"title": "Thi tìm hiểu nghị quyết", "opens_at": opens.isoformat(),
            "closes_at": (opens + datetime.timedelta(hours=2)).isoformat()}


def question_body(w):
    return {"text": "Chỉ thị 05-CT/TW ban hành năm nào?", "options": [{"text": "2016", "is_correct": True}, {"text": "2021"}]}


# Practices: the target is a model of the secretary's cell (registered by its committee, with a
# link as evidence), and a model the ward launched for its subtree, which the cell adopts.
# Recognising a model is a committee's over the cell: its own committee gets 403.
def _practice_field():
    from hocbac.practices.models import Field

    return Field.objects.get(name="Dân vận khéo")


def _practice(w):
    from hocbac.practices import services

    if not hasattr(w, "api_practice"):  # the schema test asks every row's params at once
        w.api_practice = services.create_practice(by=w.secretary, org=w.cell, name="Chi bộ 4 tốt",
                                                  field=_practice_field(), started_on=datetime.date(2025, 3, 1))
    return w.api_practice


def cell_practice(w):
    return {"org_id": w.cell.pk, "practice_id": _practice(w).pk}


def cell_practice_evidence(w):
    from hocbac.practices import services

    evidence = services.add_evidence(_practice(w), by=w.secretary, kind="lien_ket", url="https://example.org/mo-hinh")
    return {**cell_practice(w), "evidence_id": evidence.pk}


def cell_practice_period(w):
    return {**cell_practice(w), "year": timezone.localdate().year, "period": "ca_nam"}


def cell_launched_practice(w):
    from hocbac.practices import services

    if not hasattr(w, "api_launched"):
        w.api_launched = services.create_practice(by=w.ward_admin, org=w.ward, name="Dân vận khéo", origin="phat_dong",
                                                  field=_practice_field(), started_on=datetime.date(2025, 1, 5))
    return {"org_id": w.cell.pk, "practice_id": w.api_launched.pk}


def practice_body(w):
    return {"name": "Tổ tự quản", "field_id": _practice_field().pk, "started_on": "2026-01-02"}


def recognition_body(w):
    today = timezone.localdate().isoformat()
    return {"status": "tieu_bieu", "recognised_by": "Đảng ủy phường Bến Thành", "decision": "12-QĐ/ĐU", "decided_on": today}


def practice_review_body(w):
    return {"verdict": "tot", "assessment": "Duy trì đều, người dân đồng tình."}


# Awards: the cell member's nomination sent to the ward (the secretary may not decide it; the
# cell's committee may withdraw it), one the cell decides itself, approved and waiting for its
# decision, a reminder of the member, the ward's inspection item targeting the cell and the
# follow-up its conclusion sets for the cell (the ward plans it; the cell reports it done).
def _award_form():
    from hocbac.awards.models import AwardForm

    return AwardForm.objects.get(name="Giấy khen")


def _commendation(w, awarding_org=None):
    from hocbac.awards import services

    return services.nominate(by=w.secretary, recipient="ca_nhan", member=w.member, awarding_org=awarding_org or w.ward,
                             form=_award_form(), year=2025, basis="chuong_trinh", reason="Gương mẫu vận động nhân dân")


def cell_commendation(w):
    return {"org_id": w.cell.pk, "commendation_id": _commendation(w).pk}


def approved_by_cell_body(w):
    from hocbac.awards import services

    commendation = services.approve(_commendation(w, awarding_org=w.cell), by=w.secretary)
    return {"ids": [commendation.pk], "decision_number": "3-QĐ/CB", "decided_on": "2025-02-03"}


def nomination_body(w):
    return {"recipient": "ca_nhan", "member_id": w.member.pk, "awarding_org_id": w.ward.pk, "form_id": _award_form().pk,
            "year": 2025, "reason": "Hoàn thành xuất sắc nhiệm vụ"}


def cell_reminder(w):
    from hocbac.awards import services

    reminder = services.record_reminder(by=w.secretary, org=w.cell, member=w.member, kind="nhac_nho",
                                        reason="Chưa đăng ký làm theo", decided_by=w.cell,
                                        decided_on=datetime.date(2025, 5, 2))
    return {"org_id": w.cell.pk, "reminder_id": reminder.pk}


def reminder_body(w):
    return {"kind": "nhac_nho", "member_id": w.member.pk, "reason": "Chưa nộp bài cảm nhận", "decided_on": "2025-05-02"}


def _ward_inspection(w, *, concluded=False):
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


def inspection_body(w):
    return {"year": 2025, "kind": "giam_sat", "content": "Giám sát sinh hoạt chi bộ", "target_ids": [w.cell.pk],
            "starts_on": "2025-09-01", "ends_on": "2025-09-30", "inspectors": "Chi ủy"}


def conclusion_body(w):
    return {"conclusion": "Thực hiện tốt", "concluded_on": "2025-04-10",
            "follow_ups": [{"org_id": w.cell.pk, "text": "Bổ sung sổ", "due_on": "2025-06-30"}]}


# Ratings: the shipped sets and last month's period (begun whatever the day); the cell's own
# classification waiting for the ward, confirmed through the ward's path ("manage" over the
# committee above the cell: the cell's secretary is out of reach there); the cell member's
# evaluation of this year brought to the step the operation needs. A grassroots cell decides its
# members' ratings itself; only members have an evaluation of their own (/me/rating).
def _last_month():
    return timezone.localdate().replace(day=1) - datetime.timedelta(days=1)


def _shipped_set(name):
    from hocbac.ratings.models import CriteriaSet

    return CriteriaSet.objects.unscoped().get(name=name, org=None)


def ward_cell_classification(w):
    from hocbac.ratings.services import classify_cell

    month = _last_month()
    row = classify_cell(_shipped_set("Chi bộ bốn tốt"), w.cell, by=w.secretary, year=month.year, period=month.month)
    return {"org_id": w.ward.pk, "classification_id": row.pk}


def _member_rating(w, last_step):
    from hocbac.ratings import selectors, services

    year = timezone.localdate().year
    rating = selectors.own_rating(w.member, year)  # the schema test asks every row's params at once
    if rating is None:
        rating = services.self_assess(by=w.member_user, year=year, member=w.member, general=27, tasks=63)
    if last_step == "propose" and rating.step == "tu_danh_gia":
        services.propose(rating, by=w.secretary, general=27, tasks=62)
    return cell_member(w)


def cell_member_rated_self(w):
    return _member_rating(w, "self")


def cell_member_rating_proposed(w):
    return _member_rating(w, "propose")


def criteria_set_body(w):
    return {"name": "Đảng viên gương mẫu", "target": "dang_vien",
            "levels": [{"label": "Gương mẫu", "minimum": 100}, {"label": "Chưa gương mẫu", "minimum": 0}],
            "criteria": [{"text": "Dự sinh hoạt chi bộ đầy đủ", "auto_source": "sinh_hoat"}]}


def classify_members_body(w):
    month, six = _last_month(), _shipped_set("Đảng viên 6 tốt")
    return {"set": six.pk, "year": month.year, "period": month.month,
            "exceptions": {str(w.member.pk): {str(six.criteria.first().pk): False}}}


def _org_rating(w, last_step):
    from hocbac.ratings import selectors, services

    year = timezone.localdate().year
    rating = selectors.org_rating(w.cell, year)
    if rating is None:
        rating = services.self_assess(by=w.secretary, year=year, org=w.cell, general=28, tasks=62)
    if last_step == "propose" and rating.step == "tu_danh_gia":
        services.propose(rating, by=w.ward_admin, general=28, tasks=60)
    return cell(w)


def cell_rated_self(w):
    return _org_rating(w, "self")


def cell_rating_proposed(w):
    return _org_rating(w, "propose")


def classify_cell_body(w):
    month = _last_month()
    return {"set": _shipped_set("Chi bộ bốn tốt").pk, "year": month.year, "period": month.month}


def rating_self_body(w):
    return {"year": timezone.localdate().year, "general": 27, "tasks": 63.5, "note": "Hoàn thành các việc được giao"}


CONFIRMERS_OF_CELL = {**BY_ABILITY["manage"], "secretary": 404}


# The ward, the committee above the cell, decides: a commendation nominated by the cell, the
# cell's own year-end rating (the secretary and the view-only inspector reach it but may not).
DECIDERS_OF_WARD = {**BY_ABILITY["view"], "secretary": 403, "viewer": 403}


TAKERS = {p: 201 if p in ("member_user", "secretary") else 404 for p in SIGNED_IN}


def _answers(default, **by_persona):
    return {p: by_persona.get(p, default) for p in SIGNED_IN}


# Who reads a submitted reflection of `cell`'s member: they, the cell's committee, everyone who sees
# the cell. Recording it read and concluding is the committee's (its author and the viewer: 403).
READERS_OF_REFLECTION = _answers(200, no_role_user=404, other_member_user=404, sibling_admin=404)
MANAGERS_OF_REFLECTION = {**READERS_OF_REFLECTION, "member_user": 403, "viewer": 403}
COMMENTERS = {**_created(READERS_OF_REFLECTION), "viewer": 403}
COMMENT_AUTHOR = {p: 200 if p == "member_user" else 403 if c == 200 else c for p, c in READERS_OF_REFLECTION.items()}
COMMENT_REMOVERS = {**READERS_OF_REFLECTION, "viewer": 403}

# Outreach: the ward's notice reaches every member of the ward; its read counts are seen from the
# cell; a citizen's proposal to the ward (the secretary holds no role over the ward: 404).
def _api_ward_notice(w):
    from hocbac.outreach.services import send_notice

    if not hasattr(w, "api_notice"):  # the schema test asks every row's params at once
        w.api_notice = send_notice(by=w.ward_admin, org=w.ward, title="Lịch học tập chuyên đề", must_read=True)
    return w.api_notice


def my_ward_notice(w):
    return {"notice_id": _api_ward_notice(w).pk}


def cell_ward_notice(w):
    return {"org_id": w.cell.pk, "notice_id": _api_ward_notice(w).pk}


def api_ward(w):
    return {"org_id": w.ward.pk}


def ward_citizen_proposal(w):
    from hocbac.outreach.services import send_public_proposal

    if not hasattr(w, "api_proposal"):
        w.api_proposal = send_public_proposal(org=w.ward, name="Nguyễn Văn Dân", contact="0903000111",
                                              title="Lắp đèn hẻm 12", body="Hẻm tối.", ip="10.0.0.9")
    return {"org_id": w.ward.pk, "proposal_id": w.api_proposal.pk}


WARD_ANSWERS = {ability: {**answers, "secretary": 404} for ability, answers in BY_ABILITY.items()}


# url name → (params, method, body(world) or None, {persona: status}); anonymous is always 401.
MATRIX = {
    "api:me": (none, "get", None, SIGNED_IN),
    "api:orgs": (none, "get", None, SIGNED_IN),
    "api:org": (cell, "get", None, BY_ABILITY["view"]),
    "api:org_update": (cell, "patch", lambda w: {"address": "Nhà văn hóa khu phố"}, BY_ABILITY["administer"]),
    "api:org_children": (cell, "get", None, BY_ABILITY["view"]),
    "api:org_child_create": (cell, "post", new_group, _created(BY_ABILITY["administer"])),
    "api:members": (cell, "get", None, BY_ABILITY["view"]),
    "api:member_create": (cell, "post", new_member, _created(BY_ABILITY["manage"])),
    "api:member": (cell_member, "get", None, BY_ABILITY["view"]),
    "api:member_update": (cell_member, "patch", lambda w: {"position": "Tổ trưởng"}, BY_ABILITY["manage"]),
    "api:campaigns": (cell, "get", None, BY_ABILITY["view"]),
    "api:campaign_coverage": (cell_campaign, "get", None, BY_ABILITY["view"]),
    "api:document_coverage": (cell_ward_document, "get", None, BY_ABILITY["view"]),
    "api:activity": (cell, "get", None, BY_ABILITY["view"]),
    "api:sessions": (cell, "get", None, BY_ABILITY["view"]),
    "api:session": (cell_session, "get", None, BY_ABILITY["view"]),
    "api:attendance": (cell_session_member, "put", lambda w: {"status": "co_mat"}, BY_ABILITY["manage"]),
    "api:documents": (none, "get", None, SIGNED_IN),
    "api:document": (ward_document, "get", None, {**READERS_OF_WARD, "anonymous": 401}),
    "api:my_registration": (my_draft, "get", None, THE_MEMBER),
    "api:my_registration_save": (none, "put", draft_body, MEMBERS),
    "api:my_registration_submit": (my_draft, "post", None, THE_MEMBER),
    "api:my_registration_check_in": (my_disclosed, "post", lambda w: {"progress": ["Đã thăm 6 lượt"]}, THE_MEMBER),
    "api:my_registration_self_assessment": (my_disclosed, "post", lambda w: {"text": "Hoàn thành"}, THE_MEMBER),
    "api:registrations": (cell, "get", None, BY_ABILITY["view"]),
    "api:registration_figures": (cell, "get", None, BY_ABILITY["view"]),
    "api:registrations_disclose": (cell_submitted, "post", disclose_body, BY_ABILITY["manage"]),
    "api:member_registration": (cell_member_draft, "get", None, BY_ABILITY["manage"]),
    "api:registration_evaluate": (cell_member_self_assessed, "post", lambda w: {"result": "hoan_thanh"}, BY_ABILITY["manage"]),
    "api:registration_reopen": (cell_member_evaluated, "post", lambda w: {"reason": "Đánh giá nhầm"}, BY_ABILITY["administer"]),
    "api:org_plan": (cell, "put", lambda w: {"content": "Kế hoạch thực hiện của chi bộ"}, BY_ABILITY["manage"]),
    "api:registration_copies": (cell, "get", None, BY_ABILITY["manage"]),
    "api:manifestations": (none, "get", None, SIGNED_IN),
    "api:my_notebook": (my_notebook_set, "get", None, MEMBERS),
    "api:my_notebook_create": (none, "post", entry_body, _created(MEMBERS)),
    "api:my_notebook_entry": (my_notebook_entry, "put", entry_body, THE_MEMBER),
    "api:my_reflections": (my_reflections_set, "get", None, MEMBERS),
    "api:my_reflection_save": (my_reflection, "put", reflection_body, THE_MEMBER),
    "api:my_reflection_submit": (my_draft_reflection, "post", None, THE_MEMBER),
    "api:org_reflections": (cell_submitted_reflection, "get", None, BY_ABILITY["view"]),
    "api:reflection_assign": (cell, "post", assign_body, _created(BY_ABILITY["manage"])),
    "api:reflection_manifestations": (cell_submitted_reflection, "get", None, BY_ABILITY["view"]),
    "api:reflection": (submitted_reflection, "get", None, READERS_OF_REFLECTION),
    "api:reflection_read": (submitted_reflection, "post", lambda w: {"read_on": timezone.localdate().isoformat()},
                            MANAGERS_OF_REFLECTION),
    "api:reflection_conclusion": (read_reflection, "post", lambda w: {"text": "Chi bộ ghi nhận tinh thần tự phê bình."},
                                  MANAGERS_OF_REFLECTION),
    "api:reflection_comment": (submitted_reflection, "post", lambda w: {"body": "Đồng ý với hướng khắc phục.",
                                                                       "client_key": "ma-tran-2"}, COMMENTERS),
    "api:comment_update": (members_comment, "patch", lambda w: {"body": "Bài viết rất thẳng thắn."}, COMMENT_AUTHOR),
    "api:comment_delete": (members_comment, "delete", None, COMMENT_REMOVERS),
    "api:contests": (cell, "get", None, BY_ABILITY["view"]),
    "api:contest_create": (cell, "post", contest_body, _created(BY_ABILITY["manage"])),
    "api:contest": (cell_contest, "get", None, BY_ABILITY["view"]),
    "api:contest_update": (cell_contest, "patch", lambda w: {"title": "Thi tìm hiểu Chỉ thị 05"}, BY_ABILITY["manage"]),
    "api:contest_questions": (cell_contest, "put", lambda w: {"question_ids": [e.question_id for e in _contest(w).entries.all()]},
                              BY_ABILITY["manage"]),
    "api:contest_ranking": (cell_contest, "get", None, BY_ABILITY["view"]),
    "api:contest_participation": (cell_contest, "get", None, BY_ABILITY["view"]),
    "api:contest_question_statistics": (cell_contest, "get", None, BY_ABILITY["manage"]),
    "api:questions": (cell, "get", None, BY_ABILITY["manage"]),
    "api:question_create": (cell, "post", question_body, _created(BY_ABILITY["manage"])),
    "api:my_contests": (none, "get", None, MEMBERS),
    "api:attempt_start": (contest_code, "post", None, TAKERS),
    "api:attempt_current": (my_attempt, "get", None, THE_MEMBER),
    "api:attempt_answer": (my_served_attempt, "post", first_answer_body, _created(THE_MEMBER)),
    "api:attempt_finish": (my_answered_attempt, "post", lambda w: {"prediction": 1}, THE_MEMBER),
    "api:attempt": (my_attempt, "get", None, THE_MEMBER),
    "api:practice_fields": (none, "get", None, SIGNED_IN),
    "api:practices": (cell, "get", None, BY_ABILITY["view"]),
    "api:practice_create": (cell, "post", practice_body, _created(BY_ABILITY["manage"])),
    "api:practice_figures": (cell, "get", None, BY_ABILITY["view"]),
    "api:practices_launched_above": (cell, "get", None, BY_ABILITY["view"]),
    "api:practice": (cell_practice, "get", None, BY_ABILITY["view"]),
    "api:practice_update": (cell_practice, "patch", lambda w: {"goals": "Mỗi đảng viên giúp một hộ"}, BY_ABILITY["manage"]),
    "api:practice_status": (cell_practice, "post", recognition_body, {**BY_ABILITY["manage"], "secretary": 403}),
    "api:practice_publish": (cell_practice, "post", None, BY_ABILITY["administer"]),
    "api:practice_unpublish": (cell_practice, "post", None, BY_ABILITY["administer"]),
    "api:practice_evidence_add": (cell_practice, "post", lambda w: {"kind": "lien_ket", "url": "https://example.org/a"},
                                  _created(BY_ABILITY["manage"])),
    "api:practice_evidence_remove": (cell_practice_evidence, "delete", None, BY_ABILITY["manage"]),
    "api:practice_review": (cell_practice_period, "put", practice_review_body, BY_ABILITY["manage"]),
    "api:practice_adopt": (cell_launched_practice, "post", lambda w: {"started_on": timezone.localdate().isoformat()},
                           _created(BY_ABILITY["manage"])),
    "api:award_forms": (none, "get", None, SIGNED_IN),
    "api:commendations": (cell, "get", None, BY_ABILITY["view"]),
    "api:commendation_nominate": (cell, "post", nomination_body, _created(BY_ABILITY["manage"])),
    "api:commendation_figures": (cell, "get", None, BY_ABILITY["view"]),
    "api:commendations_issue": (cell, "post", approved_by_cell_body, BY_ABILITY["manage"]),
    "api:commendation": (cell_commendation, "get", None, BY_ABILITY["view"]),
    "api:commendation_approve": (cell_commendation, "post", None, DECIDERS_OF_WARD),
    "api:commendation_decline": (cell_commendation, "post", lambda w: {"reason": "Chưa đủ tiêu chuẩn"}, DECIDERS_OF_WARD),
    "api:commendation_withdraw": (cell_commendation, "delete", None, BY_ABILITY["manage"]),
    "api:reminders": (cell, "get", None, BY_ABILITY["manage"]),
    "api:reminder_create": (cell, "post", reminder_body, _created(BY_ABILITY["manage"])),
    "api:reminder": (cell_reminder, "get", None, BY_ABILITY["manage"]),
    "api:reminder_outcome": (cell_reminder, "post", lambda w: {"outcome": "Đã đăng ký"}, BY_ABILITY["manage"]),
    "api:my_reminders": (none, "get", None, MEMBERS),
    "api:inspections": (cell, "get", None, BY_ABILITY["view"]),
    "api:inspections_concerning": (cell, "get", None, BY_ABILITY["view"]),
    "api:inspection_create": (cell, "post", inspection_body, _created(BY_ABILITY["administer"])),
    "api:inspection": (cell_inspection, "get", None, BY_ABILITY["view"]),
    "api:inspection_update": (cell_inspection, "patch", lambda w: {"inspectors": "Ủy ban Kiểm tra Đảng ủy"},
                              BY_ABILITY["administer"]),
    "api:inspection_conclude": (cell_inspection, "post", conclusion_body, BY_ABILITY["administer"]),
    "api:follow_up_done": (cell_follow_up, "post", lambda w: {"done_on": "2025-06-20", "note": "Đã bổ sung"},
                           BY_ABILITY["manage"]),
    "api:criteria_sets": (cell, "get", None, BY_ABILITY["view"]),
    "api:criteria_set_create": (cell, "post", criteria_set_body, _created(BY_ABILITY["administer"])),
    "api:classifications": (cell, "get", None, BY_ABILITY["view"]),
    "api:classification_suggestions": (cell, "get", None, BY_ABILITY["manage"]),
    "api:classifications_members": (cell, "post", classify_members_body, BY_ABILITY["manage"]),
    "api:classification_cell": (cell, "post", classify_cell_body, BY_ABILITY["manage"]),
    "api:classifications_awaiting": (cell, "get", None, BY_ABILITY["manage"]),
    "api:classification_confirm": (ward_cell_classification, "post", lambda w: {}, CONFIRMERS_OF_CELL),
    "api:ratings": (cell, "get", None, BY_ABILITY["view"]),
    "api:member_rating": (cell_member, "get", None, BY_ABILITY["manage"]),
    "api:member_rating_self_assessment": (cell_member, "put", rating_self_body, BY_ABILITY["manage"]),
    "api:member_rating_proposal": (cell_member_rated_self, "post", lambda w: {"general": 27, "tasks": 62},
                                   BY_ABILITY["manage"]),
    "api:member_rating_decision": (cell_member_rating_proposed, "post", lambda w: {"level": "httnv"},
                                   BY_ABILITY["manage"]),
    "api:org_rating": (cell, "get", None, BY_ABILITY["view"]),
    "api:org_rating_self_assessment": (cell, "put", rating_self_body, BY_ABILITY["manage"]),
    "api:org_rating_proposal": (cell_rated_self, "post", lambda w: {"general": 28, "tasks": 60}, DECIDERS_OF_WARD),
    "api:org_rating_decision": (cell_rating_proposed, "post", lambda w: {"level": "httnv"}, DECIDERS_OF_WARD),
    "api:figures": (cell, "get", None, BY_ABILITY["view"]),
    "api:reports": (cell, "get", None, BY_ABILITY["view"]),
    "api:my_rating": (none, "get", None, MEMBERS),
    "api:my_rating_save": (none, "put", rating_self_body, MEMBERS),
    "api:my_notices": (none, "get", None, MEMBERS),
    "api:my_notice_read": (my_ward_notice, "post", None, MEMBERS),
    "api:notices": (cell, "get", None, BY_ABILITY["view"]),
    "api:notice_create": (cell, "post", lambda w: {"title": "Họp chi bộ tháng", "client_key": f"k{next(_counter)}"},
                          _created(BY_ABILITY["manage"])),
    "api:notice_reads": (cell_ward_notice, "get", None, BY_ABILITY["view"]),
    "api:proposals": (api_ward, "get", None, WARD_ANSWERS["manage"]),
    "api:proposal_answer": (ward_citizen_proposal, "post", lambda w: {"status": "dang_xu_ly"}, WARD_ANSWERS["manage"]),
    "api:my_proposal_create": (none, "post", lambda w: {"org_id": w.ward.pk, "title": "Đề xuất", "body": "Nội dung"},
                               _created(MEMBERS)),
    "api:publications": (api_ward, "get", None, WARD_ANSWERS["view"]),
    "api:article_create": (api_ward, "post", lambda w: {"title": f"Kỳ {next(_counter)}", "body": "Nội dung"},
                           _created(WARD_ANSWERS["administer"])),
}
# URLs django-ninja adds that are not operations, the same for every persona: the schema is
# public (it describes the API, not anyone's data); the root only exists for reverse() and is 404.
NOT_OPERATIONS = {"api:openapi-json": 200, "api:api-root": 404}


def api_url_names():
    """Every URL name of the "api" namespace, as the site's resolver sees it. django-ninja makes
    one URL pattern per operation (GET and PATCH of /orgs/{id} are two names), so a name is an
    operation; the list must not repeat a name, or an operation would hide behind another."""
    names = []
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "api":
            names += [f"api:{inner.name}" for inner in pattern.url_patterns]
    return names


def test_every_operation_is_in_the_matrix():
    names = api_url_names()
    assert len(names) == len(set(names))
    assert set(names) - set(NOT_OPERATIONS) - set(MATRIX) == set()
    assert set(MATRIX) - set(names) == set()


def test_every_operation_of_the_schema_is_reachable_by_a_url_name(world):
    """The same operations seen from the OpenAPI side: each "METHOD path" matches a matrix row."""
    from hocbac.api.endpoints import api

    in_schema = {(method.upper(), path) for path, methods in api.get_openapi_schema()["paths"].items()
                 for method in methods}
    in_matrix = {(method.upper(), unquote(reverse(name, kwargs={k: f"{{{k}}}" for k in params(world)})))
                 for name, (params, method, _, _) in MATRIX.items()}
    assert in_schema == in_matrix


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(NOT_OPERATIONS))
def test_the_urls_that_are_not_operations(url_name, persona, world, client):
    headers = {} if persona == "anonymous" else {"HTTP_AUTHORIZATION": f"Bearer {issue_api_token(getattr(world, persona))}"}
    response = client.get(reverse(url_name), **headers)
    assert (persona, response.status_code) == (persona, NOT_OPERATIONS[url_name])
    if url_name == "api:openapi-json":
        assert response.json()["info"]["title"] == "hocbac API"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(MATRIX))
def test_api_matrix(url_name, persona, world, client):
    params_for, method, body_for, expected = MATRIX[url_name]
    url = reverse(url_name, kwargs=params_for(world))
    headers = {}
    if persona != "anonymous":
        headers["HTTP_AUTHORIZATION"] = f"Bearer {issue_api_token(getattr(world, persona), name='ma trận')}"
    kwargs = {"data": json.dumps(body_for(world)), "content_type": "application/json"} if body_for else {}
    response = getattr(client, method)(url, **headers, **kwargs)
    want = 401 if persona == "anonymous" else expected[persona]
    assert (persona, response.status_code) == (persona, want), response.content[:300]
    body = response.json()
    if want >= 400:  # every refusal explains itself in Vietnamese
        assert any(ch in body["detail"] for ch in "ăâđêôơư"), body
