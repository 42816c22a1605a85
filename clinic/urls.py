from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from clinic import views

clinic_patterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/archive/", views.client_archive, name="client_archive"),
    path("clients/<int:pk>/restore/", views.client_restore, name="client_restore"),
    path("practice/settings/", views.practice_settings, name="practice_settings"),
    path("practice/audit/", views.audit_log, name="audit_log"),
    path("practice/audit.csv", views.audit_log_csv, name="audit_log_csv"),
]

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    path("", include("anamnesis.urls")),
    path("", include("plans.urls")),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
