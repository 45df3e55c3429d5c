from django.apps import AppConfig


class ContestsConfig(AppConfig):
    name = "hocbac.contests"
    label = "contests"
    verbose_name = "Thi trắc nghiệm"

    def ready(self):
        from hocbac.core import todo

        from .todo import member_todos, org_todos

        todo.register(member_todos)
        todo.register_for_org(org_todos)
