from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "hocbac.journal"
    label = "journal"
    verbose_name = "Sổ tay và bài cảm nhận"

    def ready(self):
        from hocbac.core import todo

        from .todo import member_todos, org_todos

        todo.register(member_todos)
        todo.register_for_org(org_todos)
