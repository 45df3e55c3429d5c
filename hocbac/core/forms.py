from django.forms.renderers import DjangoTemplates


class SiteFormRenderer(DjangoTemplates):
    """One renderer for every form: label, field, help and the Vietnamese error beside it."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
