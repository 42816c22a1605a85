from django.urls import path

from plans.views import client, dashboard, log, plan, records, referral

app_name = "plans"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    # The plan document
    path("anamnesis/<int:pk>/draft-plan/", plan.anamnesis_draft_plan, name="draft_preview"),
    path("anamnesis/<int:pk>/plans/new/", plan.plan_create, name="create"),
    path("plans/<int:pk>/", plan.plan_detail, name="detail"),
    path("plans/<int:pk>/finalize/", plan.plan_finalize, name="finalize"),
    path("plans/<int:pk>/pdf/", plan.plan_pdf, name="pdf"),
    path("plans/<int:pk>/revise/", plan.plan_revise, name="revise"),
    path("plans/<int:pk>/exercises/", plan.exercise_sheet, name="exercise_sheet"),
    path("plans/<int:pk>/exercises.pdf", plan.exercise_sheet_pdf, name="exercise_sheet_pdf"),
    path("rules/", plan.rules, name="rules"),
    # Referrals and their follow-up
    path("plans/<int:pk>/client-sheet.pdf", referral.referral_sheet, name="referral_sheet"),
    path("referrals/<int:pk>/", referral.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/outcome/", referral.referral_outcome, name="referral_outcome"),
    path(
        "referrals/<int:pk>/outcomes/<int:outcome_pk>/anamnesis/",
        referral.referral_anamnesis,
        name="referral_anamnesis",
    ),
    # The treatment log
    path("plans/<int:pk>/sessions/new/", log.session_new, name="session_new"),
    path("sessions/<int:pk>/", log.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", log.session_edit, name="session_edit"),
    path("sessions/<int:pk>/addendum/", log.session_addendum, name="session_addendum"),
    # The client's history
    path("clients/<int:pk>/", client.client_history, name="client_detail"),
    path("clients/<int:pk>/compare/", client.client_compare, name="client_compare"),
    path("clients/<int:pk>/progress.pdf", client.client_progress_pdf, name="client_progress_pdf"),
    # The record as a whole: the client's copy, restriction and erasure
    path("clients/<int:pk>/copy.zip", records.client_copy, name="client_copy"),
    path("clients/<int:pk>/requests/", records.client_requests, name="client_requests"),
    path(
        "clients/<int:pk>/requests/lift/",
        records.client_restriction_lift,
        name="client_restriction_lift",
    ),
    path("clients/<int:pk>/erase/", records.client_erase, name="client_erase"),
]
