from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "hocbac.study"
    label = "study"

    def ready(self):
        from hocbac.core import todo

        from .todo import org_todos, study_todos

        todo.register(study_todos)
        todo.register_for_org(org_todos)
