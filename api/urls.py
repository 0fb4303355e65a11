"""Every route of the API. Each name has an entry in api/policy.py (the permission matrix test
fails otherwise, and the permission check refuses a route it does not know)."""

from django.conf import settings
from django.urls import path, register_converter
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from api import (
    appointments,
    associations,
    audit,
    auth,
    clients,
    interpreters,
    matchingruns,
    me,
    planning,
    plans,
    reference,
    referrals,
)


class IdConverter:
    """A database id: digits that fit a 64-bit integer, so nothing overflows a query."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

# Swagger UI and Redoc set styles from their scripts; their pages alone may use inline styles.
# Scripts still come only from the project.
DOCS_POLICY = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    # Redoc renders in a web worker it starts from a blob.
    "worker-src": [CSP.SELF, "blob:"],
}

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        csp_override(DOCS_POLICY)(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
    path(
        "redoc/",
        csp_override(DOCS_POLICY)(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
        ),
        name="api-redoc",
    ),
    # Authentication
    path("auth/token/", auth.TokenView.as_view(), name="auth-token"),
    path("auth/token/revoke/", auth.TokenRevokeView.as_view(), name="auth-token-revoke"),
    path("auth/tokens/", auth.DeviceTokenListView.as_view(), name="auth-token-list"),
    path("auth/tokens/<id:pk>/", auth.DeviceTokenRevokeView.as_view(), name="auth-token-detail"),
    # Who asks
    path("me/", me.MeView.as_view(), name="me"),
    path("me/offers/", me.MyOffersView.as_view(), name="me-offer-list"),
    path("me/offers/<id:pk>/accept/", me.AcceptOfferView.as_view(), name="me-offer-accept"),
    path("me/offers/<id:pk>/decline/", me.DeclineOfferView.as_view(), name="me-offer-decline"),
    path("me/assignments/", me.MyAssignmentsView.as_view(), name="me-assignment-list"),
    path(
        "me/assignments/<id:pk>/time-log/",
        me.TimeLogView.as_view(),
        name="me-assignment-time-log",
    ),
    path("me/profile/", interpreters.MyProfileView.as_view(), name="me-profile"),
    path("me/languages/", interpreters.MyLanguagesView.as_view(), name="me-languages"),
    path("me/availability/", interpreters.MyAvailabilityView.as_view(), name="me-availability"),
    path("me/absences/", interpreters.MyAbsencesView.as_view(), name="me-absence-list"),
    path(
        "me/absences/<id:pk>/",
        interpreters.MyAbsenceDetailView.as_view(),
        name="me-absence-detail",
    ),
    # Reference data
    path("languages/", reference.LanguageListView.as_view(), name="language-list"),
    path("municipalities/", reference.MunicipalityListView.as_view(), name="municipality-list"),
    path(
        "fields-of-action/",
        reference.FieldOfActionListView.as_view(),
        name="field-of-action-list",
    ),
    # Clients
    path("clients/", clients.ClientListView.as_view(), name="client-list"),
    path("clients/<id:pk>/", clients.ClientDetailView.as_view(), name="client-detail"),
    path("clients/<id:pk>/close/", clients.ClientCloseView.as_view(), name="client-close"),
    path("clients/<id:pk>/reopen/", clients.ClientReopenView.as_view(), name="client-reopen"),
    path("clients/<id:pk>/transfer/", clients.ClientTransferView.as_view(), name="client-transfer"),
    path("clients/<id:pk>/share/", clients.ClientShareView.as_view(), name="client-share"),
    path("clients/<id:pk>/unshare/", clients.ClientUnshareView.as_view(), name="client-unshare"),
    path(
        "clients/<id:pk>/languages/",
        clients.ClientLanguageListView.as_view(),
        name="client-language-list",
    ),
    path(
        "clients/<id:pk>/languages/<id:language_pk>/",
        clients.ClientLanguageDetailView.as_view(),
        name="client-language-detail",
    ),
    path(
        "clients/<id:pk>/household/",
        clients.HouseholdListView.as_view(),
        name="client-household-list",
    ),
    path(
        "clients/<id:pk>/household/<id:member_pk>/",
        clients.HouseholdMemberDetailView.as_view(),
        name="client-household-detail",
    ),
    path(
        "clients/<id:pk>/consents/",
        clients.ConsentListView.as_view(),
        name="client-consent-list",
    ),
    path(
        "clients/<id:pk>/consents/<id:consent_pk>/withdraw/",
        clients.ConsentWithdrawView.as_view(),
        name="client-consent-withdraw",
    ),
    # Empowerment plans
    path("clients/<id:pk>/plan/", plans.PlanView.as_view(), name="plan"),
    path("clients/<id:pk>/plan/goals/", plans.GoalListView.as_view(), name="goal-list"),
    path("goals/<id:pk>/", plans.GoalDetailView.as_view(), name="goal-detail"),
    path("goals/<id:pk>/status/", plans.GoalStatusView.as_view(), name="goal-status"),
    path("goals/<id:pk>/reviews/", plans.GoalReviewView.as_view(), name="goal-review"),
    path("goals/<id:pk>/milestones/", plans.GoalMilestoneView.as_view(), name="goal-milestone"),
    path(
        "milestones/<id:pk>/complete/",
        plans.MilestoneCompleteView.as_view(),
        name="milestone-complete",
    ),
    # Associations and their offers
    path("associations/", associations.AssociationListView.as_view(), name="association-list"),
    path(
        "associations/<id:pk>/",
        associations.AssociationDetailView.as_view(),
        name="association-detail",
    ),
    path(
        "association-offers/",
        associations.OfferListView.as_view(),
        name="association-offer-list",
    ),
    path(
        "association-offers/<id:pk>/",
        associations.OfferDetailView.as_view(),
        name="association-offer-detail",
    ),
    # The interpreter pool
    path("interpreters/", interpreters.InterpreterListView.as_view(), name="interpreter-list"),
    path(
        "interpreters/<id:pk>/",
        interpreters.InterpreterDetailView.as_view(),
        name="interpreter-detail",
    ),
    path(
        "interpreters/<id:pk>/languages/",
        interpreters.InterpreterLanguagesView.as_view(),
        name="interpreter-languages",
    ),
    path(
        "interpreters/<id:pk>/availability/",
        interpreters.InterpreterAvailabilityView.as_view(),
        name="interpreter-availability",
    ),
    path(
        "interpreters/<id:pk>/absences/",
        interpreters.InterpreterAbsencesView.as_view(),
        name="interpreter-absence-list",
    ),
    path(
        "interpreters/<id:pk>/absences/<id:absence_pk>/",
        interpreters.InterpreterAbsenceDetailView.as_view(),
        name="interpreter-absence-detail",
    ),
    path(
        "interpreters/<id:pk>/conflicts/",
        interpreters.InterpreterConflictsView.as_view(),
        name="interpreter-conflicts",
    ),
    # Appointments
    path("appointments/", appointments.AppointmentListView.as_view(), name="appointment-list"),
    path(
        "appointments/<id:pk>/",
        appointments.AppointmentDetailView.as_view(),
        name="appointment-detail",
    ),
    path(
        "appointments/<id:pk>/cancel/",
        appointments.AppointmentCancelView.as_view(),
        name="appointment-cancel",
    ),
    path(
        "appointments/<id:pk>/request-interpreter/",
        appointments.AppointmentRequestInterpreterView.as_view(),
        name="appointment-request-interpreter",
    ),
    path(
        "appointments/<id:pk>/offers/",
        appointments.AppointmentOffersView.as_view(),
        name="appointment-offers",
    ),
    path(
        "appointments/<id:pk>/withdraw-offers/",
        appointments.AppointmentWithdrawOffersView.as_view(),
        name="appointment-withdraw-offers",
    ),
    # Referrals
    path("referrals/", referrals.ReferralListView.as_view(), name="referral-list"),
    path("referrals/<id:pk>/", referrals.ReferralDetailView.as_view(), name="referral-detail"),
    path("referrals/<id:pk>/drop/", referrals.ReferralDropView.as_view(), name="referral-drop"),
    path(
        "partner/referrals/",
        referrals.PartnerReferralListView.as_view(),
        name="partner-referral-list",
    ),
    path(
        "partner/referrals/<id:pk>/",
        referrals.PartnerReferralDetailView.as_view(),
        name="partner-referral-detail",
    ),
    path(
        "partner/referrals/<id:pk>/accept/",
        referrals.PartnerReferralAcceptView.as_view(),
        name="partner-referral-accept",
    ),
    path(
        "partner/referrals/<id:pk>/decline/",
        referrals.PartnerReferralDeclineView.as_view(),
        name="partner-referral-decline",
    ),
    path(
        "partner/referrals/<id:pk>/start/",
        referrals.PartnerReferralStartView.as_view(),
        name="partner-referral-start",
    ),
    path(
        "partner/referrals/<id:pk>/complete/",
        referrals.PartnerReferralCompleteView.as_view(),
        name="partner-referral-complete",
    ),
    path(
        "partner/referrals/<id:pk>/drop/",
        referrals.PartnerReferralDropView.as_view(),
        name="partner-referral-drop",
    ),
    # Matching runs
    path("matching-runs/", matchingruns.MatchingRunListView.as_view(), name="matching-run-list"),
    path(
        "matching-runs/<id:pk>/",
        matchingruns.MatchingRunDetailView.as_view(),
        name="matching-run-detail",
    ),
    # Planning: aggregates only, for planners and (their own organisation's) coordinators
    path("planning/regions/", planning.RegionListView.as_view(), name="planning-region-list"),
    path(
        "planning/regions/<id:pk>/",
        planning.RegionDetailView.as_view(),
        name="planning-region-detail",
    ),
    path(
        "planning/regions/<id:pk>/figures/<slug:key>/",
        planning.FigureView.as_view(),
        name="planning-figure",
    ),
    path("planning/regions/<id:pk>/gaps/", planning.GapListView.as_view(), name="planning-gaps"),
    path(
        "planning/regions/<id:pk>/reports/",
        planning.ReportListView.as_view(),
        name="planning-report-list",
    ),
    path(
        "planning/reports/<id:pk>/",
        planning.ReportDetailView.as_view(),
        name="planning-report-detail",
    ),
    path(
        "planning/reports/<id:pk>/pdf/",
        planning.ReportPdfView.as_view(),
        name="planning-report-pdf",
    ),
    # The audit trail (read only)
    path("audit-events/", audit.AuditEventListView.as_view(), name="audit-event-list"),
]
