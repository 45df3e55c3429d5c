from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "hocbac.outreach"
    label = "outreach"
    verbose_name = "Thông báo, đề xuất, trang công khai"

    def ready(self):
        from hocbac.core import todo

        from .todo import document_todos, member_todos, org_todos

        todo.register(member_todos)
        todo.register(document_todos)
        todo.register_for_org(org_todos)
