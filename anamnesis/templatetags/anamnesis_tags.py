"""Contract codes in words, at the edge: `{{ code|code_label:"REGION" }}`."""

from django import template

from anamnesis import labels

register = template.Library()


@register.filter
def code_label(code, vocabulary):
    return labels.label(labels.BY_VOCABULARY[vocabulary], code)


@register.filter
def code_labels(codes, vocabulary):
    """A list of codes as words, joined with commas."""
    names = labels.BY_VOCABULARY[vocabulary]
    return ", ".join(str(labels.label(names, code)) for code in codes)


@register.filter
def describe_ref(ref):
    return labels.describe_ref(ref)


@register.filter
def number(value):
    """18.0 as 18, 2.5 as 2.5."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
