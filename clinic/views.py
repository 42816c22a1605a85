from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from clinic import services
from clinic.forms import ClientForm, ClientSearchForm, PracticeSettingsForm
from clinic.models import Client
from clinic.scoping import get_client_for, membership_for, practice_for, scoped
from clinic.submit_once import ALREADY_SENT, AlreadySubmitted, create_once, earlier_submission

CLIENTS_PER_PAGE = 25


def client_list(request):
    form = ClientSearchForm(request.GET or None)
    form.is_valid()
    query = form.cleaned_data.get("q", "") if form.is_bound else ""
    show_archived = form.cleaned_data.get("archived", False) if form.is_bound else False
    clients = scoped(request, Client.objects)
    clients = clients.archived() if show_archived else clients.active()
    page = Paginator(clients.search(query), CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "clinic/client_list.html",
        {"form": form, "page": page, "query": query, "show_archived": show_archived},
    )


def client_create(request):
    practice = practice_for(request)
    clients = scoped(request, Client.objects)
    earlier = earlier_submission(clients, request.POST) if request.method == "POST" else None
    if earlier is not None:
        messages.info(request, ALREADY_SENT)
        return redirect(earlier)
    form = ClientForm(request.POST or None, practice=practice)
    if request.method == "POST" and form.is_valid():
        try:
            client = create_once(
                clients,
                form.cleaned_data["submission"],
                lambda: services.client_save(form=form, practice=practice, by=request.user),
            )
        except AlreadySubmitted as exc:
            messages.info(request, ALREADY_SENT)
            return redirect(exc.record)
        messages.success(request, _("%(name)s was added.") % {"name": client.full_name})
        return redirect(client)
    return render(request, "clinic/client_form.html", {"form": form, "client": None})


def client_edit(request, pk):
    client = get_client_for(request, pk)
    form = ClientForm(request.POST or None, instance=client, practice=client.practice)
    if request.method == "POST" and form.is_valid():
        services.client_save(form=form, practice=client.practice, by=request.user)
        messages.success(request, _("Changes to %(name)s were saved.") % {"name": client.full_name})
        return redirect(client)
    return render(request, "clinic/client_form.html", {"form": form, "client": client})


@require_POST
def client_archive(request, pk):
    client = services.client_archive(client=get_client_for(request, pk))
    messages.success(
        request,
        _("%(name)s was archived. Archived clients are listed under “Show archived clients”.")
        % {"name": client.full_name},
    )
    return redirect(client)


@require_POST
def client_restore(request, pk):
    client = services.client_restore(client=get_client_for(request, pk))
    messages.success(request, _("%(name)s was restored.") % {"name": client.full_name})
    return redirect(client)


def practice_settings(request):
    """The practice's letterhead details and logo; for practice admins only."""
    membership = membership_for(request)
    if not membership.is_admin:
        raise PermissionDenied(_("Only a practice admin can change the practice settings."))
    practice = membership.practice
    form = PracticeSettingsForm(request.POST or None, request.FILES or None, instance=practice)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The practice settings were saved."))
        return redirect("clinic:practice_settings")
    return render(request, "clinic/practice_settings.html", {"form": form, "practice": practice})
