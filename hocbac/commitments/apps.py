from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "hocbac.commitments"
    label = "commitments"

    def ready(self):
        from hocbac.core import todo

        from .todo import member_todos, org_todos

        todo.register(member_todos)
        todo.register_for_org(org_todos)
