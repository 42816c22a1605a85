from django.urls import path

from plans import views, views_history

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
    # The treatment log and the client's history (issue 6).
    path("plans/<int:pk>/sessions/new/", views_history.session_new, name="session_new"),
    path("sessions/<int:pk>/", views_history.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views_history.session_edit, name="session_edit"),
    path("sessions/<int:pk>/addendum/", views_history.session_addendum, name="session_addendum"),
    path("anamnesis/<int:pk>/baseline/", views_history.baseline_edit, name="baseline"),
    path("clients/<int:pk>/compare/", views_history.client_compare, name="client_compare"),
    path(
        "clients/<int:pk>/progress.pdf",
        views_history.client_progress_pdf,
        name="client_progress_pdf",
    ),
]
