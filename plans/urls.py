from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path(
        "anamnesis/<int:pk>/draft-plan/",
        views.anamnesis_draft_plan,
        name="draft_preview",
    ),
]
