"""`python manage.py send_digests [--enqueue]`: e-mail the saved-search digests that are due (run it from a timer)."""

from django.core.management.base import BaseCommand

from articles.digests import send_digests_task, send_due_digests


class Command(BaseCommand):
    help = "Send the saved-search digests that are due (hourly or daily), each article once per saved search."

    def add_arguments(self, parser):
        parser.add_argument("--enqueue", action="store_true",
                            help="queue the work for the task workers instead of sending here")

    def handle(self, *args, enqueue, **options):
        if enqueue:
            send_digests_task.enqueue()
            self.stdout.write("queued send_digests")
            return
        self.stdout.write(f"sent {send_due_digests()} digest(s)")
