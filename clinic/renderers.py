"""How forms render: Django's field and form templates, drawn with crispy-bootstrap5's.

`{{ form }}` and `{{ form.field.as_field_group }}` give the Bootstrap 5 markup (label, widget,
help text and errors, tied together with aria-describedby), so forms need no styling code.
"""

from django.forms.renderers import TemplatesSetting


class BootstrapFormRenderer(TemplatesSetting):
    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"
