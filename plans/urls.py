from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path(
        "anamnesis/<int:pk>/draft-plan/",
        views.anamnesis_draft_plan,
        name="draft_preview",
    ),
    path("anamnesis/<int:pk>/plans/new/", views.plan_create, name="create"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/finalize/", views.plan_finalize, name="finalize"),
    path("plans/<int:pk>/pdf/", views.plan_pdf, name="pdf"),
    path("plans/<int:pk>/revise/", views.plan_revise, name="revise"),
    path("rules/", views.rules, name="rules"),
]
