from django.apps import AppConfig


class StudyConfig(AppConfig):
    name = "hocbac.study"
    label = "study"

    def ready(self):
        from hocbac.core import todo

        from .todo import study_todos

        todo.register(study_todos)
