"""The question bank in and out of files (Excel, GIFT, Aiken): see bank_io.py."""

from django.urls import path

from . import bank_io

app_name = "contests_io"
urlpatterns = [
    path("o/<int:org_id>/cau-hoi/nhap/", bank_io.bank_import, name="bank_import"),
    path("o/<int:org_id>/cau-hoi/nhap/<int:batch_id>/", bank_io.bank_import_preview, name="bank_import_preview"),
    path("o/<int:org_id>/cau-hoi/mau.xlsx", bank_io.bank_template, name="bank_template"),
    path("o/<int:org_id>/cau-hoi/xuat/<str:fmt>/", bank_io.bank_export, name="bank_export"),
]
