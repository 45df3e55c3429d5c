from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "hocbac.awards"
    label = "awards"
    verbose_name = "Khen thưởng, nhắc nhở, kiểm tra giám sát"

    def ready(self):
        from hocbac.core import todo

        from .todo import member_todos, org_todos

        todo.register(member_todos)
        todo.register_for_org(org_todos)
