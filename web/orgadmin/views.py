"""Pages of the organisation admin: members and roles, settings, fields of action, the audit log.

Every page works on one organisation the admin administers, named by `?organisation=<id>` (the
first they joined as admin when absent); any other id answers 404. Views parse input, call one
selector or service, and render; the services decide what is allowed.
"""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisko.access import access_of, forget_access, organisations_where, roles
from lisko.audit.models import AuditEvent
from lisko.audit.selectors import audit_events_for, client_references_for
from lisko.audit.services import record_audit_export
from lisko.core.errors import DomainError
from lisko.core.limits import parse_id
from lisko.organisations import services
from lisko.organisations.models import Organisation, Role
from lisko.organisations.selectors import (
    administered_organisation,
    field_of_action_in,
    fields_of_action_for,
    members_of,
    membership_in,
    people_of,
)
from lisko.programmes.models import OfficerMunicipality
from web.orgadmin.forms import (
    AuditFilterForm,
    FieldOfActionForm,
    GiveRoleForm,
    NewAccountForm,
    OfficerMunicipalityForm,
    SettingsForm,
)
from web.orgadmin.presenters import audit_csv, event_rows, member_rows
from web.staff.access import StaffRequest, staff_only

# Events per page of the audit log.
AUDIT_PAGE_SIZE = 50

admin_only = staff_only(
    roles.ADMINISTERING,
    gettext_lazy(
        "This page serves the organisation's administrators: members and roles, settings and "
        "the audit log."
    ),
)


def _organisation(request: StaffRequest) -> Organisation:
    """The organisation the page works on; a malformed or foreign id answers 404."""
    raw = request.GET.get("organisation", "").strip()
    organisation_id = parse_id(raw) if raw else None
    if raw and organisation_id is None:
        raise Http404()
    return administered_organisation(user=request.user, organisation_id=organisation_id)


def _url(name: str, organisation: Organisation, *args: Any) -> str:
    return f"{reverse(name, args=args)}?{urlencode({'organisation': organisation.pk})}"


def _page(
    request: StaffRequest, template: str, organisation: Organisation, **context: Any
) -> HttpResponse:
    context.update(
        organisation=organisation,
        administered=organisations_where(request.user, roles.ADMINISTERING),
    )
    return render(request, template, context)


@admin_only
@require_GET
def index(request: StaffRequest) -> HttpResponse:
    """The organisation's pages start with its members."""
    return redirect(_url("orgadmin:members", _organisation(request)))


# Members and roles ------------------------------------------------------------------------


@admin_only
@require_GET
def members(request: StaffRequest) -> HttpResponse:
    """The organisation's people and their roles, with forms to give and take roles."""
    organisation = _organisation(request)
    officers = list(
        members_of(organisation=organisation, role=Role.INTEGRATION_OFFICER).prefetch_related(
            Prefetch(
                "officer_municipalities",
                queryset=OfficerMunicipality.objects.select_related("municipality"),
            )
        )
    )
    return _page(
        request,
        "orgadmin/members.html",
        organisation,
        rows=member_rows(members_of(organisation=organisation)),
        give_form=GiveRoleForm(),
        officers=officers,
        officer_form=OfficerMunicipalityForm(officers=officers),
    )


@admin_only
@require_POST
def give_role(request: StaffRequest) -> HttpResponse:
    """Give a role to an existing account."""
    organisation = _organisation(request)
    form = GiveRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please enter a user name or e-mail address and choose a role."))
        return redirect(_url("orgadmin:members", organisation))
    try:
        membership = services.give_role(
            organisation=organisation,
            login=form.cleaned_data["login"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("{person} is now {role} in the organisation.").format(
                person=membership.user, role=membership.get_role_display()
            ),
        )
    return redirect(_url("orgadmin:members", organisation))


@admin_only
@require_POST
def remove_role(request: StaffRequest, membership_id: int) -> HttpResponse:
    """Take one role away from a member."""
    organisation = _organisation(request)
    membership = membership_in(organisation=organisation, membership_id=membership_id)
    try:
        services.remove_member(membership=membership, by=request.user)
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("{person} no longer holds the role {role}.").format(
                person=membership.user, role=membership.get_role_display()
            ),
        )
        if membership.user_id == request.user.pk:
            forget_access(request.user)
            if not access_of(request.user).holds(roles.ADMINISTERING, organisation.pk):
                # The admin gave up their own admin role: these pages are closed to them now.
                return redirect("home")
    return redirect(_url("orgadmin:members", organisation))


@admin_only
@require_http_methods(["GET", "POST"])
def new_member(request: StaffRequest) -> HttpResponse:
    """Open an account for a new person, in a role of the organisation."""
    organisation = _organisation(request)
    form = NewAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = services.create_member_account(
                organisation=organisation,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                language=data["language"],
                role=data["role"],
                password=data["password"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "The account {username} is open. Hand the first password to {person} in "
                    "person and ask them to change it."
                ).format(username=membership.user.username, person=membership.user),
            )
            return redirect(_url("orgadmin:members", organisation))
    return _page(request, "orgadmin/new_member.html", organisation, form=form)


# Settings ---------------------------------------------------------------------------------


@admin_only
@require_http_methods(["GET", "POST"])
def organisation_settings(request: StaffRequest) -> HttpResponse:
    """How offers go out and how long closed cases are kept."""
    organisation = _organisation(request)
    form = SettingsForm.of(organisation, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_settings(
                organisation=organisation, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The settings are saved."))
            return redirect(_url("orgadmin:settings", organisation))
    return _page(request, "orgadmin/settings.html", organisation, form=form)


# Fields of action -------------------------------------------------------------------------


@admin_only
@require_http_methods(["GET", "POST"])
def fields_of_action(request: StaffRequest) -> HttpResponse:
    """The fields of action in their order; a POST adds one at the end."""
    organisation = _organisation(request)
    form = FieldOfActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            field = services.add_field_of_action(
                organisation=organisation, name=form.cleaned_data["name"], by=request.user
            )
        except DomainError as error:
            form.add_error("name", str(error.message))
        else:
            messages.success(
                request, _("The field of action {name} is added.").format(name=field.name)
            )
            return redirect(_url("orgadmin:fields_of_action", organisation))
    return _page(
        request,
        "orgadmin/fields_of_action.html",
        organisation,
        fields=list(fields_of_action_for(organisation=organisation)),
        form=form,
    )


@admin_only
@require_POST
def rename_field_of_action(request: StaffRequest, field_id: int) -> HttpResponse:
    """Give a field of action the organisation's own name."""
    organisation = _organisation(request)
    field = field_of_action_in(organisation=organisation, field_id=field_id)
    form = FieldOfActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["name"]))
        return redirect(_url("orgadmin:fields_of_action", organisation))
    try:
        services.rename_field_of_action(
            field=field, name=form.cleaned_data["name"], by=request.user
        )
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The field of action is renamed."))
    return redirect(_url("orgadmin:fields_of_action", organisation))


@admin_only
@require_POST
def move_field_of_action(request: StaffRequest, field_id: int) -> HttpResponse:
    """Move a field of action one place up or down in the list."""
    organisation = _organisation(request)
    field = field_of_action_in(organisation=organisation, field_id=field_id)
    services.move_field_of_action(
        field=field, up=request.POST.get("direction") != "down", by=request.user
    )
    return redirect(_url("orgadmin:fields_of_action", organisation))


# Audit log --------------------------------------------------------------------------------


def _audit_filters(request: StaffRequest, organisation: Organisation) -> AuditFilterForm:
    return AuditFilterForm(request.GET, people=people_of(organisation=organisation))


def _filtered_events(
    request: StaffRequest, organisation: Organisation, form: AuditFilterForm
) -> QuerySet[AuditEvent]:
    since, until = form.period()
    data = form.cleaned_data
    return audit_events_for(
        user=request.user,
        organisation_id=organisation.pk,
        actor_id=data["actor"].pk if data.get("actor") else None,
        client=data.get("client", ""),
        action=data.get("action", ""),
        since=since,
        until=until,
        text=data.get("text", ""),
    )


@admin_only
@require_GET
def audit_log(request: StaffRequest) -> HttpResponse:
    """Who read or changed what in the organisation, newest first, searchable, in pages."""
    organisation = _organisation(request)
    form = _audit_filters(request, organisation)
    context: dict[str, Any] = {"form": form, "rows": [], "page": None}
    if form.is_valid():
        page = Paginator(_filtered_events(request, organisation, form), AUDIT_PAGE_SIZE).get_page(
            request.GET.get("page")
        )
        references = client_references_for(
            user=request.user, client_ids=[event.client_id for event in page]
        )
        query = request.GET.copy()
        query.pop("page", None)
        context.update(page=page, rows=event_rows(page, references), query=query.urlencode())
    return _page(request, "orgadmin/audit_log.html", organisation, **context)


# staff_only types its views as returning HttpResponse; a streamed file is a HttpResponseBase.
@admin_only  # type: ignore[arg-type]
@require_GET
def audit_export(request: StaffRequest) -> HttpResponseBase:
    """The audit log as chosen by the filters, as a CSV file; the export is itself recorded."""
    organisation = _organisation(request)
    form = _audit_filters(request, organisation)
    if not form.is_valid():
        # The log page shows what is wrong with the filters.
        return redirect(f"{reverse('orgadmin:audit_log')}?{request.GET.urlencode()}")
    events = _filtered_events(request, organisation, form)
    record_audit_export(by=request.user, organisation=organisation, filters=form.described())
    user = request.user
    response = StreamingHttpResponse(
        audit_csv(
            events.iterator(chunk_size=2000),
            lambda client_ids: client_references_for(user=user, client_ids=client_ids),
        ),
        content_type="text/csv; charset=utf-8",
    )
    filename = f"audit-{organisation.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
