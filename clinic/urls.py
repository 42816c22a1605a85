from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from clinic import views

clinic_patterns = [
    path("clients/", views.client_list, name="client_list"),
    path("clients/new/", views.client_create, name="client_create"),
    path("clients/<int:pk>/edit/", views.client_edit, name="client_edit"),
    path("clients/<int:pk>/archive/", views.client_archive, name="client_archive"),
    path("clients/<int:pk>/restore/", views.client_restore, name="client_restore"),
    path("clients/<int:pk>/consent/given/", views.consent_given, name="consent_given"),
    path("clients/<int:pk>/consent/withdrawn/", views.consent_withdrawn, name="consent_withdrawn"),
    path("practice/settings/", views.practice_settings, name="practice_settings"),
    path("practice/audit/", views.audit_log, name="audit_log"),
    path("practice/audit.csv", views.audit_log_csv, name="audit_log_csv"),
]

# The admin signs in through the same page, with the same lockout and second factor.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("", include((clinic_patterns, "clinic"))),
    path("", include("anamnesis.urls")),
    path("", include("plans.urls")),
    path("", include("clinic.team.urls")),
    # Sign-in, password, second factor and re-authentication (django-allauth).
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
