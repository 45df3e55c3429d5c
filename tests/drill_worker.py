"""The processes of the backup drill (tests/test_backup_drill.py), each run against the database
DATABASE_URL names, as an operator's would be:

    python tests/drill_worker.py seed          a ward, members and an open contest, summaries built
    python tests/drill_worker.py write ACKS STOP
                                               contest attempts taken through the services, one line
                                               "attempt-id time" appended to ACKS after each commit,
                                               until the file STOP exists (at most 5 minutes)
    python tests/drill_worker.py check ACKS T0 checks a restored copy: every attempt acknowledged
                                               before T0 (the backup's start) is there and finished,
                                               attempts and answers are unique, the audit log's
                                               chain holds, and the summaries are consistent;
                                               prints a JSON verdict and exits 1 on a failure
"""

import datetime
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hocbac.settings")


def seed():
    from django.core.management import call_command
    from django.utils import timezone

    from hocbac.accounts.models import User
    from hocbac.contests import services as contests
    from hocbac.orgs import services as orgs
    from hocbac.orgs.models import OrgKind, Sector
    from hocbac.reports import summaries

    call_command("migrate", verbosity=0)
    by = User.objects.create_superuser("drill", password=None, full_name="Diễn tập")
    province = orgs.create_organization(by=by, parent=None, code="T", name="Đảng bộ tỉnh Diễn Tập", kind=OrgKind.PROVINCE)
    ward = orgs.create_organization(by=by, parent=province, code="P", name="Đảng bộ phường Một", kind=OrgKind.COMMUNE,
                                    sector=Sector.COMMUNE)
    for c in range(3):
        cell = orgs.create_organization(by=by, parent=ward, code=f"P-{c}", name=f"Chi bộ {c + 1}",
                                        kind=OrgKind.GRASSROOTS_CELL, sector=Sector.COMMUNE)
        for m in range(10):
            orgs.create_member(by=by, org=cell, full_name=f"Đảng viên {c}-{m}", gender="nam",
                               birth_date=datetime.date(1970, 1, 1), admitted_on=datetime.date(2000, 1, 1),
                               full_member_on=datetime.date(2001, 1, 1),
                               status="chinh_thuc", card_number=f"7{c}{m:06d}")
    questions = [contests.save_question(org=ward, by=by, kind="mot", text=f"Câu hỏi {i + 1}?",
                                        options=[("Đúng", True), ("Sai", False), ("Không rõ", False)])
                 for i in range(5)]
    now = timezone.now()
    contest = contests.create_contest(org=ward, by=by, title="Diễn tập sao lưu", opens_at=now - datetime.timedelta(hours=1),
                                      closes_at=now + datetime.timedelta(hours=6), question_count=3,
                                      attempts_allowed=20)
    contests.set_questions(contest, by=by, question_ids=[q.pk for q in questions])
    summaries.refresh_all([now.year])


def write(acks_path, stop_path):
    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from hocbac.contests import services as contests
    from hocbac.contests.models import Contest
    from hocbac.orgs.models import Member

    contest = Contest.objects.unscoped().get(title="Diễn tập sao lưu")
    members = list(Member.objects.unscoped().order_by("pk"))
    rng, deadline = random.Random(1), time.monotonic() + 300
    with open(acks_path, "a", buffering=1) as acks:
        while members and not os.path.exists(stop_path) and time.monotonic() < deadline:
            member = rng.choice(members)
            try:
                attempt, _ = contests.start_attempt(contest, member=member, now=timezone.now(), rng=rng)
            except ValidationError:  # this member's 20 attempts are used
                members.remove(member)
                continue
            slot = contests.current_slot(attempt, now=timezone.now())  # served: its clock starts
            contests.submit_answer(attempt, position=slot.position, option_ids=[slot.option_order[0]],
                                   now=timezone.now())
            contests.finish_attempt(attempt, now=timezone.now())
            acks.write(f"{attempt.pk} {time.time()}\n")  # acknowledged: committed


def check(acks_path, backup_started):
    from django.db.models import Count

    from hocbac.contests.models import Answer, Attempt
    from hocbac.reports import summaries
    from hocbac.reports.models import Tally

    acked = [line.split() for line in Path(acks_path).read_text().splitlines() if line.strip()]
    before = {int(pk) for pk, moment in acked if float(moment) < backup_started}
    present = set(Attempt.objects.unscoped().filter(pk__in=before, finished_at__isnull=False).values_list("pk", flat=True))
    doubled_attempts = (Attempt.objects.unscoped().values("contest_id", "member_id", "number").order_by()
                        .annotate(n=Count("id")).filter(n__gt=1).count())
    doubled_answers = (Answer.objects.values("attempt_id", "position").order_by().annotate(n=Count("id"))
                       .filter(n__gt=1).count())
    chain = _audit_chain()
    tallies = Tally.objects.unscoped().count()
    # The summaries as restored, then brought up to date from the restored stale marks: a whole
    # recomputation afterwards must change nothing.
    summaries.refresh_stale()
    this_year = datetime.date.today().year
    recomputed = summaries.refresh_all([this_year]).rows
    verdict = {"acknowledged": len(acked), "acknowledged_before_backup": len(before), "missing": sorted(before - present),
               "doubled_attempts": doubled_attempts, "doubled_answers": doubled_answers, "audit_chain": chain,
               "summary_rows": tallies, "rows_changed_by_a_whole_refresh": recomputed}
    print(json.dumps(verdict))
    ok = (not verdict["missing"] and not doubled_attempts and not doubled_answers and chain == "ok"
          and recomputed == 0)
    sys.exit(0 if ok else 1)


def _audit_chain():
    """"ok", or where and why the audit log's hash chain breaks."""
    from hocbac.core import audit

    _, broken = audit.verify_chain()
    return "ok" if broken is None else f"broken at {broken[0]}: {broken[1]}"


if __name__ == "__main__":
    import django

    django.setup()
    command, *args = sys.argv[1:]
    if command == "seed":
        seed()
    elif command == "write":
        write(*args)
    elif command == "check":
        check(args[0], float(args[1]))
    else:
        raise SystemExit(__doc__)
