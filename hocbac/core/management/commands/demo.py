"""`hocbac demo [--seed N] [--scale X]`: build the demo ward, a year of study, two years of
commitments and of monthly reflections, a year of notebooks and of quiz contests, the models of
studying and following with their replication, a year's commendations, reminders and inspection
plan into an empty database, then summarise last year and this year
(`reports.summaries.refresh_all`) and print the demo logins (`serve` prints them too, through `print_logins`)."""

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from hocbac.awards.demo import build_year as build_awards
from hocbac.commitments.demo import build_year as build_commitments
from hocbac.contests.demo import build_year as build_contests
from hocbac.core.text import format_number
from hocbac.journal.demo import build_year as build_journal
from hocbac.orgs.demo import DEMO_LOGINS, DEMO_PASSWORD, build_ward
from hocbac.orgs.models import Organization
from hocbac.outreach.demo import build_year as build_outreach
from hocbac.practices.demo import build_year as build_practices
from hocbac.ratings.demo import build_year as build_ratings
from hocbac.reports.models import StaleMark
from hocbac.reports.summaries import refresh_all
from hocbac.study.demo import build_year


def print_logins(stdout):
    """One line per demo login: role, username, password."""
    stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):\n")
    width = max(len(label) for label, _, _ in DEMO_LOGINS)
    for label, username, where in DEMO_LOGINS:
        stdout.write(f"  {label:<{width}}  {username:<11} {DEMO_PASSWORD}   — {where}\n")


class Command(BaseCommand):
    help = ("Tạo phường mẫu (khoảng 1.500 đảng viên, 55 tổ chức), một năm học tập, hai năm đăng ký làm theo "
            "và bài cảm nhận, một năm sổ tay và thi trắc nghiệm (ngân hàng câu hỏi, cuộc thi tháng, cuộc thi của "
            "chi bộ, cuộc thi công khai), mô hình học tập và làm theo Bác và việc nhân rộng, khen thưởng, nhắc nhở, "
            "kế hoạch kiểm tra, giám sát vào cơ sở dữ liệu trống.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=7, help="hạt giống ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
        parser.add_argument("--scale", type=float, default=1.0, help="hệ số số đảng viên (vd 0.1 cho bản nhỏ)")

    def handle(self, *args, seed=7, scale=1.0, **options):
        if scale <= 0:
            raise CommandError("Hệ số --scale phải lớn hơn 0.")
        # Refuse rather than mix demo people into real data.
        if Organization.objects.exists():
            raise CommandError("Cơ sở dữ liệu đã có tổ chức đảng: chỉ tạo dữ liệu mẫu vào cơ sở dữ liệu trống.")
        started = time.monotonic()
        try:
            with transaction.atomic():
                demo = build_ward(seed=seed, scale=scale, stdout=self.stdout)
                build_year(demo.ward, seed=seed, stdout=self.stdout)
                build_year(demo.sibling, seed=seed, stdout=self.stdout)
                build_commitments(demo.ward, seed=seed, stdout=self.stdout)
                build_commitments(demo.sibling, seed=seed, stdout=self.stdout)
                build_journal(demo.ward, seed=seed, stdout=self.stdout)
                build_journal(demo.sibling, seed=seed, stdout=self.stdout)
                build_contests(demo.ward, seed=seed, stdout=self.stdout)
                build_contests(demo.sibling, seed=seed, stdout=self.stdout)
                build_practices(demo.ward, seed=seed, stdout=self.stdout)
                build_practices(demo.sibling, seed=seed, stdout=self.stdout)
                build_awards(demo.ward, seed=seed, stdout=self.stdout)
                build_awards(demo.sibling, seed=seed, stdout=self.stdout)
                build_ratings(demo.ward, seed=seed, stdout=self.stdout)
                build_ratings(demo.sibling, seed=seed, stdout=self.stdout)
                build_outreach(demo.ward, seed=seed, stdout=self.stdout)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        # The demo's facts are mostly bulk-created, without the services' stale marks: summarise
        # last year and this year in one pass so the dashboards read them from the start. The
        # marks the services did write (about 2.000 at --scale 0.1) are all in that pass, or in
        # years it leaves out: taking them cell by cell took 230 s on the next `hocbac summaries`.
        summarising = time.monotonic()
        year = timezone.localdate().year
        StaleMark.objects.unscoped().all().delete()
        run = refresh_all([year - 1, year])
        self.stdout.write(f"Số liệu tổng hợp {year - 1}–{year}: {format_number(run.rows)} dòng "
                          f"({format_number(time.monotonic() - summarising, 1)} giây).\n")
        self.stdout.write(self.style.SUCCESS(
            f"Đã tạo dữ liệu mẫu trong {format_number(time.monotonic() - started, 1)} giây."
        ))
        print_logins(self.stdout)
