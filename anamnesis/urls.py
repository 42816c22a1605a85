from django.urls import path

from anamnesis import views

app_name = "anamnesis"

urlpatterns = [
    path("clients/<int:client_pk>/anamnesis/new/", views.anamnesis_new, name="new"),
    path("anamnesis/<int:pk>/", views.anamnesis_detail, name="detail"),
    path("anamnesis/<int:pk>/edit/", views.anamnesis_edit, name="edit"),
    path("anamnesis/<int:pk>/autosave/", views.anamnesis_autosave, name="autosave"),
    path("anamnesis/<int:pk>/complete/", views.anamnesis_complete, name="complete"),
    path("anamnesis/<int:pk>/amend/", views.anamnesis_amend, name="amend"),
    path("anamnesis/<int:pk>/export.json", views.anamnesis_export, name="export"),
]
