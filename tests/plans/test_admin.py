"""The Django admin shows every model to superusers, and clinical records only read there."""

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

OUR_APPS = {"clinic", "anamnesis", "plans"}


@pytest.fixture
def superuser_client(demo_data, client):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def our_models():
    return [model for model in admin.site._registry if model._meta.app_label in OUR_APPS]


def test_every_model_of_the_app_is_in_the_admin():
    from django.apps import apps

    models = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS}
    assert models <= set(our_models())


def test_superuser_opens_every_list_and_record_in_the_admin(superuser_client):
    for model in our_models():
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert superuser_client.get(changelist).status_code == 200, changelist
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            assert superuser_client.get(change).status_code == 200, change


@pytest.mark.parametrize(
    "model_name", ["anamnesis.anamnesis", "plans.treatmentsession", "plans.reassessment"]
)
def test_clinical_records_cannot_be_changed_or_deleted_in_the_admin(superuser_client, model_name):
    from django.apps import apps

    model = apps.get_model(model_name)
    model_admin = admin.site._registry[model]
    request = superuser_client.get("/admin/").wsgi_request
    obj = model.objects.first()
    assert obj is not None  # the demo has one to try
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, obj)
    assert not model_admin.has_delete_permission(request, obj)
