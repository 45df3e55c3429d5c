from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "hocbac.library"
    label = "library"
