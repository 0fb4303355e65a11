"""The welcome pages of the desk: a social worker's programmes, one programme with its
newcomers and invitation texts, registering a newcomer, and one newcomer's case (invite, book,
record the conversation).

Only social workers open them; planners and integration officers, who never see a person,
get a 404, and so does anyone asking for a programme or newcomer not theirs. A refused action
shows its translated reason on the page again (400) and saves nothing.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lisko.access import organisations_where, roles
from lisko.core.errors import DomainError
from lisko.languages.selectors import all_languages
from lisko.welcome import selectors, services
from lisko.welcome.models import Channel, WelcomeCase
from web.staff.access import StaffRequest, social_worker_only
from web.staff.views.common import refused
from web.welcome import presenters
from web.welcome.forms import (
    AddressForm,
    BookForm,
    ConversationForm,
    InviteForm,
    NewcomerForm,
    ProgrammeForm,
    TemplateForm,
    WeeksTargetForm,
)


@social_worker_only
@require_http_methods(["GET", "POST"])
def index(request: StaffRequest) -> HttpResponse:
    """The welcome programmes of the social worker's organisations; starting another."""
    organisations = list(organisations_where(request.user, roles.CASEWORK))
    form = ProgrammeForm(
        request.POST or None,
        organisations=organisations,
        initial={"started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.create_welcome_programme(by=request.user, **form.cleaned_data)
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The welcome programme is started."))
            return redirect("welcome:programme", programme_id=programme.pk)
    return render(
        request,
        "welcome/index.html",
        {"programmes": list(selectors.programmes_for(user=request.user)), "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _template_form(data: Any = None) -> TemplateForm:
    form = TemplateForm(data)
    form.fields["language"].set_languages(all_languages())  # type: ignore[attr-defined]
    return form


def _programme_page(
    request: StaffRequest,
    programme_id: int,
    template_form: TemplateForm | None = None,
    target_form: WeeksTargetForm | None = None,
    status: int = 200,
) -> HttpResponse:
    programme = selectors.programme_for(user=request.user, programme_id=programme_id)
    cases = selectors.newcomers_of(user=request.user, programme=programme)
    return render(
        request,
        "welcome/programme.html",
        {
            "programme": programme,
            "newcomers": [presenters.newcomer_row(case) for case in cases],
            "templates": selectors.templates_of(programme=programme),
            "template_form": template_form or _template_form(),
            "target_form": target_form
            or WeeksTargetForm(initial={"weeks_target": programme.weeks_target}),
        },
        status=status,
    )


@social_worker_only
@require_GET
def programme(request: StaffRequest, programme_id: int) -> HttpResponse:
    """The programme's newcomers on the caseload, with where each stands."""
    return _programme_page(request, programme_id)


@social_worker_only
@require_POST
def save_template(request: StaffRequest, programme_id: int) -> HttpResponse:
    """Write the invitation in one language."""
    programme = selectors.programme_for(user=request.user, programme_id=programme_id)
    form = _template_form(request.POST)
    if form.is_valid():
        try:
            services.set_invitation_template(
                programme=programme,
                language=form.cleaned_data["language"],
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The invitation text is saved."))
            return redirect("welcome:programme", programme_id=programme.pk)
    return _programme_page(request, programme_id, template_form=form, status=400)


@social_worker_only
@require_POST
def change_target(request: StaffRequest, programme_id: int) -> HttpResponse:
    """Change within how many weeks of arrival the conversation should take place."""
    programme = selectors.programme_for(user=request.user, programme_id=programme_id)
    form = WeeksTargetForm(request.POST)
    if form.is_valid():
        try:
            services.change_weeks_target(
                programme=programme, weeks_target=form.cleaned_data["weeks_target"], by=request.user
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The target is changed."))
            return redirect("welcome:programme", programme_id=programme.pk)
    return _programme_page(request, programme_id, target_form=form, status=400)


@social_worker_only
@require_http_methods(["GET", "POST"])
def register(request: StaffRequest, programme_id: int) -> HttpResponse:
    """Register a newcomer: a client on the caseload, in the programme's municipality."""
    programme = selectors.programme_for(user=request.user, programme_id=programme_id)
    form = NewcomerForm(request.POST or None)
    form.fields["preferred_language"].set_languages(all_languages())  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            case = services.register_newcomer(
                programme=programme, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The newcomer is registered."))
            return redirect("welcome:case", case_id=case.pk)
    return render(
        request,
        "welcome/register.html",
        {"programme": programme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _case_page(
    request: StaffRequest,
    case: WelcomeCase,
    *,
    book_form: BookForm | None = None,
    conversation_form: ConversationForm | None = None,
    address_form: AddressForm | None = None,
    status: int = 200,
) -> HttpResponse:
    choices = selectors.follow_up_choices(user=request.user, case=case)
    return render(
        request,
        "welcome/case.html",
        {
            "case": case,
            "show": presenters.case_page(case, selectors.invitation_emails_of(case=case)),
            "invite_form": InviteForm(initial={"channel": case.channel}),
            "address_form": address_form
            or AddressForm(initial={"channel": case.channel, "email": case.email}),
            "book_form": book_form or BookForm(initial={"modality": "on_site"}),
            "conversation_form": conversation_form
            or ConversationForm(
                # A conversation recorded already is shown as recorded, to be corrected.
                initial={"held_on": case.held_on or timezone.localdate(), "topics": case.topics},
                offers=presenters.follow_up_options(choices),
            ),
        },
        status=status,
    )


@social_worker_only
@require_GET
def case(request: StaffRequest, case_id: int) -> HttpResponse:
    """One newcomer: invitation, booking, conversation."""
    return _case_page(request, selectors.case_for(user=request.user, case_id=case_id))


@social_worker_only
@require_POST
def invite(request: StaffRequest, case_id: int) -> HttpResponse:
    """Write the e-mail (a job sends it after the commit), or hand out the letter as a PDF."""
    item = selectors.case_for(user=request.user, case_id=case_id, reason="invite newcomer")
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Invite by e-mail or by letter."))
        return redirect("welcome:case", case_id=item.pk)
    try:
        invitation = services.invite_newcomer(
            case=item, by=request.user, channel=form.cleaned_data["channel"]
        )
    except DomainError as error:
        refused(request, error)
        return redirect("welcome:case", case_id=item.pk)
    if form.cleaned_data["channel"] == Channel.LETTER:
        response = HttpResponse(invitation.letter(), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="invitation-{item.client.reference}.pdf"'
        )
        return response
    messages.success(request, _("The invitation e-mail is on its way."))
    return redirect("welcome:case", case_id=item.pk)


@social_worker_only
@require_POST
def change_address(request: StaffRequest, case_id: int) -> HttpResponse:
    """Correct the address an invitation e-mail goes to, or invite by letter from now on."""
    item = selectors.case_for(user=request.user, case_id=case_id, reason="invitation address")
    form = AddressForm(request.POST)
    if form.is_valid():
        try:
            services.change_invitation_channel(
                case=item,
                channel=form.cleaned_data["channel"],
                email=form.cleaned_data["email"],
                by=request.user,
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("How the newcomer is invited is changed."))
            return redirect("welcome:case", case_id=item.pk)
    return _case_page(request, item, address_form=form, status=400)


@social_worker_only
@require_POST
def book(request: StaffRequest, case_id: int) -> HttpResponse:
    """Book the conversation; the matcher then chooses an interpreter or key person."""
    item = selectors.case_for(user=request.user, case_id=case_id, reason="book welcome")
    form = BookForm(request.POST)
    if form.is_valid():
        start, end = form.moments()
        try:
            services.book_welcome_conversation(
                case=item,
                by=request.user,
                start=start,
                end=end,
                modality=form.cleaned_data["modality"],
                address=form.cleaned_data["address"],
                remote_link=form.cleaned_data["remote_link"],
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(
                request, _("The welcome conversation is booked; an interpreter is being sought.")
            )
            return redirect("welcome:case", case_id=item.pk)
    return _case_page(request, item, book_form=form, status=400)


@social_worker_only
@require_POST
def conversation(request: StaffRequest, case_id: int) -> HttpResponse:
    """Record the conversation: when, the topics ticked, and the referrals that follow up."""
    item = selectors.case_for(user=request.user, case_id=case_id, reason="record welcome")
    choices = selectors.follow_up_choices(user=request.user, case=item)
    form = ConversationForm(request.POST, offers=presenters.follow_up_options(choices))
    if form.is_valid():
        try:
            services.record_welcome_conversation(
                case=item,
                by=request.user,
                held_on=form.cleaned_data["held_on"],
                topics=form.cleaned_data["topics"],
                follow_ups=presenters.chosen_follow_ups(
                    choices, form.cleaned_data.get("follow_ups", []), form.cleaned_data["note"]
                ),
            )
        except DomainError as error:
            refused(form, error)
        else:
            messages.success(request, _("The welcome conversation is recorded."))
            return redirect("welcome:case", case_id=item.pk)
    return _case_page(request, item, conversation_form=form, status=400)
