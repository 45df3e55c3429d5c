import os
import shutil
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from hocbac.orgs.models import Organization


class Command(BaseCommand):
    help = "Migrate, load the demo ward if the database is empty, and serve with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--workers", default=os.environ.get("WEB_CONCURRENCY", "3"))
        parser.add_argument("--no-demo", action="store_true")

    def handle(self, port, host, workers, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not no_demo and not Organization.objects.exists():
            self.stdout.write("Cơ sở dữ liệu trống: đang tạo phường mẫu (khoảng một phút)…")
            call_command("demo")
        elif not no_demo:
            from hocbac.core.management.commands.demo import print_logins

            print_logins(self.stdout)
        self.stdout.write(f"\nhocbac đang chạy tại http://{host}:{port}/  (Ctrl+C để dừng)\n")
        self.stdout.flush()
        # The dashboards' summaries follow the changes every minute (production runs `hocbac summaries
        # --every 60` as its own service); Ctrl+C stops it with the server (same process group).
        subprocess.Popen([sys.executable, "-m", "hocbac.cli", "summaries", "--every", "60"], stdout=subprocess.DEVNULL)
        gunicorn = shutil.which("gunicorn") or os.path.join(os.path.dirname(sys.executable), "gunicorn")
        os.execv(gunicorn, [gunicorn, "hocbac.wsgi", "--bind", f"{host}:{port}", "--workers", str(workers),
                            # Threads: a contest's start admission (contests/admission.py) bounds starts per process.
                            "--worker-class", "gthread", "--threads", os.environ.get("HOCBAC_THREADS", "8"),
                            "--access-logfile", "-", "--timeout", "60"])
