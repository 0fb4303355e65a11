"""Reading key-person networks, scoped by who asks (lisko.access.rules.key_person_network_rule
for reading, kept_key_person_network_rule for the names): keepers read the whole network,
planners of a region around its municipality read its counts only. Each page's rows come in a
fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from lisko.access import access_of, roles
from lisko.access.rules import (
    funding_application_rule,
    kept_key_person_network_rule,
    key_person_network_rule,
    officer_municipality_ids,
    planned_region_ids,
)
from lisko.core.errors import NotFound
from lisko.interpreters.models import Interpreter, InterpreterLanguage
from lisko.networks.coverage import Coverage, coverage_of
from lisko.networks.models import KeyPersonNetwork, NetworkMember, Outreach, Training
from lisko.programmes.models import FundingApplication

if TYPE_CHECKING:
    from lisko.accounts.models import User
    from lisko.organisations.models import Organisation
    from lisko.places.models import Municipality, Region

MONTHS = 12
KINDS = tuple(Outreach.Kind.values)


def networks_for(*, user: Any) -> QuerySet[KeyPersonNetwork]:
    """The networks the person may see (as keeper or as planner), with their places."""
    return KeyPersonNetwork.objects.filter(key_person_network_rule(access_of(user))).select_related(
        "municipality", "organisation", "coordinator", "funding_application"
    )


def kept_networks_for(*, user: Any) -> QuerySet[KeyPersonNetwork]:
    """The networks the person keeps."""
    return networks_for(user=user).filter(kept_key_person_network_rule(access_of(user)))


def network_for(*, user: Any, network_id: int) -> KeyPersonNetwork:
    """The network, if the person may see it; NotFound otherwise (absent or foreign)."""
    network = networks_for(user=user).filter(pk=network_id).first()
    if network is None:
        raise NotFound()
    return network


def keeps(*, user: Any, network: KeyPersonNetwork) -> bool:
    """Whether the person keeps the network (and so reads its members' names)."""
    return kept_networks_for(user=user).filter(pk=network.pk).exists()


def adds_members(*, user: Any, network: KeyPersonNetwork) -> bool:
    """Whether the person adds members: they keep the organisation's pool."""
    return access_of(user).holds(roles.POOL_KEEPING, network.organisation_id)


def members_of(*, network: KeyPersonNetwork) -> list[NetworkMember]:
    """The members (current first, then former) with their key person and languages. Only
    for those who keep the network: callers check `keeps` first (network_page does)."""
    return list(
        NetworkMember.objects.filter(network=network)
        .select_related("key_person")
        .prefetch_related(
            Prefetch(
                "key_person__languages",
                queryset=InterpreterLanguage.objects.select_related("language").order_by(
                    "-proficiency", "language__code"
                ),
            )
        )
        .order_by(
            F("left_on").desc(nulls_first=True),
            "key_person__last_name",
            "key_person__first_name",
            "id",
        )
    )


def candidates_for(*, user: Any, network: KeyPersonNetwork) -> list[Interpreter]:
    """Active key persons of the organisation's pool not yet (or no longer) in the network,
    for its pool keepers; empty for anyone else."""
    if not adds_members(user=user, network=network):
        return []
    active = NetworkMember.objects.filter(network=network, left_on__isnull=True).values(
        "key_person_id"
    )
    return list(
        Interpreter.objects.filter(
            organisation_id=network.organisation_id,
            kind=Interpreter.Kind.KEY_PERSON,
            is_active=True,
        )
        .exclude(pk__in=active)
        .order_by("last_name", "first_name", "pk")
    )


def coordinators_for(*, user: Any, network_organisation_id: int) -> list[User]:
    """Staff of the organisation the person may name as coordinator: only a pool keeper of it
    sees its staff; an officer names an office."""
    from lisko.accounts.models import User

    if not access_of(user).holds(roles.POOL_KEEPING, network_organisation_id):
        return []
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id=network_organisation_id,
            memberships__role__in=roles.STAFF,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def trainings_of(*, network: KeyPersonNetwork, with_attendees: bool) -> list[Training]:
    """The trainings, latest first, with how many attended, and who (for keepers only)."""
    trainings = Training.objects.filter(network=network).annotate(attended=Count("attendees"))
    if with_attendees:
        trainings = trainings.prefetch_related(
            Prefetch("attendees", queryset=NetworkMember.objects.select_related("key_person"))
        )
    return list(trainings.order_by("-held_on", "-id"))


def recent_outreach(*, network: KeyPersonNetwork, limit: int = 20) -> list[Outreach]:
    return list(
        Outreach.objects.filter(network=network)
        .prefetch_related("languages")
        .order_by("-held_on", "-id")[:limit]
    )


def training_of(*, network: KeyPersonNetwork, training_id: int) -> Training:
    """One training of `network` (which the caller has read through `network_for`), or
    NotFound: a training of another network does not exist here."""
    training = Training.objects.filter(network=network, pk=training_id).first()
    if training is None:
        raise NotFound()
    return training


def outreach_of(*, network: KeyPersonNetwork, outreach_id: int) -> Outreach:
    """One outreach entry of `network`, or NotFound (as for `training_of`)."""
    outreach = Outreach.objects.filter(network=network, pk=outreach_id).first()
    if outreach is None:
        raise NotFound()
    return outreach


def funding_choices(*, user: Any, network: KeyPersonNetwork) -> list[FundingApplication]:
    """The granted key-person network applications of the municipality the person sees."""
    from lisko.networks.services import GRANTED

    return list(
        FundingApplication.objects.filter(
            funding_application_rule(access_of(user)),
            agreement__municipality_id=network.municipality_id,
            kind=FundingApplication.Kind.KEY_PERSON_NETWORK,
            status__in=GRANTED,
        ).order_by("-year", "title")
    )


# -- counts ------------------------------------------------------------------------------------


def months_up_to(today: dt.date, months: int = MONTHS) -> list[dt.date]:
    """The first days of the `months` months up to today's, the latest first."""
    first = today.replace(day=1)
    found = []
    for _step in range(months):
        found.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return found


@dataclass
class MonthOutreach:
    """One month of outreach: how many entries and people reached, per kind and in all."""

    month: dt.date
    entries: dict[str, int] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)

    @property
    def total_entries(self) -> int:
        return sum(self.entries.values())

    @property
    def total_people(self) -> int:
        return sum(self.people.values())


def outreach_by_month(
    *, networks: list[KeyPersonNetwork], today: dt.date, months: int = MONTHS
) -> list[MonthOutreach]:
    """Outreach of the networks counted per month, the last `months` months up to today's,
    the latest first, in one query."""
    firsts = months_up_to(today, months)
    rows = {first: MonthOutreach(month=first) for first in firsts}
    for month, kind, entries, people in (
        Outreach.objects.filter(network__in=networks, held_on__gte=firsts[-1], held_on__lte=today)
        .annotate(month=TruncMonth("held_on"))
        .values_list("month", "kind")
        .annotate(entries=Count("id"), people=Sum("people_reached"))
        .order_by()
    ):
        day = month.date() if isinstance(month, dt.datetime) else month
        row = rows.get(day)
        if row is not None:
            row.entries[kind] = entries
            row.people[kind] = people or 0
    return [rows[first] for first in firsts]


def languages_covered(
    networks: list[KeyPersonNetwork], today: dt.date, *, with_macrolanguages: bool = False
) -> dict[int, set[str]]:
    """Network id → codes of the languages its members active today speak, in one query. With
    `with_macrolanguages`, the matcher's rule too: a variety's speaker (Levantine Arabic) also
    speaks its macrolanguage (Arabic)."""
    covered: dict[int, set[str]] = defaultdict(set)
    for network_id, code, macrolanguage in (
        NetworkMember.objects.filter(network__in=networks, joined_on__lte=today)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=today))
        .values_list(
            "network_id",
            "key_person__languages__language__code",
            "key_person__languages__language__parent__code",
        )
        .distinct()
    ):
        if code:
            covered[network_id].add(code)
        if macrolanguage and with_macrolanguages:
            covered[network_id].add(macrolanguage)
    return covered


@dataclass
class NetworkSummary:
    """What a planner reads of a network: counts, never a name of a member."""

    network: KeyPersonNetwork
    members: int
    languages: list[tuple[str, str]]
    trainings: int
    outreach_entries: int
    people_reached: int


def summaries(
    *, networks: list[KeyPersonNetwork], today: dt.date, months: int = MONTHS
) -> list[NetworkSummary]:
    """Counts per network (active members, languages covered, trainings and outreach of the
    last `months` months), in four queries whatever their number."""
    from lisko.planning.selectors import language_rows

    since = months_up_to(today, months)[-1]
    ids = [network.pk for network in networks]
    active = (Q(left_on__isnull=True) | Q(left_on__gte=today)) & Q(joined_on__lte=today)
    members = dict(
        NetworkMember.objects.filter(active, network_id__in=ids)
        .values_list("network_id")
        .annotate(number=Count("id"))
        .values_list("network_id", "number")
        .order_by()
    )
    trainings = dict(
        Training.objects.filter(network_id__in=ids, held_on__gte=since, held_on__lte=today)
        .values_list("network_id")
        .annotate(number=Count("id"))
        .values_list("network_id", "number")
        .order_by()
    )
    outreach = {
        network_id: (entries, people or 0)
        for network_id, entries, people in Outreach.objects.filter(
            network_id__in=ids, held_on__gte=since, held_on__lte=today
        )
        .values_list("network_id")
        .annotate(entries=Count("id"), people=Sum("people_reached"))
        .values_list("network_id", "entries", "people")
        .order_by()
    }
    covered = languages_covered(networks, today)
    return [
        NetworkSummary(
            network=network,
            members=members.get(network.pk, 0),
            languages=language_rows(covered.get(network.pk, set())),
            trainings=trainings.get(network.pk, 0),
            outreach_entries=outreach.get(network.pk, (0, 0))[0],
            people_reached=outreach.get(network.pk, (0, 0))[1],
        )
        for network in networks
    ]


def region_networks(*, user: Any, region: Region) -> list[KeyPersonNetwork]:
    """The networks of the municipalities in the region (or inside it), for its planners;
    NotFound for anyone who does not plan for the region."""
    from lisko.places.selectors import region_tree

    access = access_of(user)
    if not access.holds(roles.PROGRAMME_FUNDING) or region.pk not in planned_region_ids(access):
        raise NotFound()
    inside = region_tree().descendants(region.pk)
    return list(
        networks_for(user=user)
        .filter(municipality__region_id__in=inside)
        .order_by("municipality__name", "name", "pk")
    )


@dataclass
class NetworkPage:
    """Everything the network page shows. For a planner (`keeper` False): no member, no
    attendee, no outreach note, only counts."""

    network: KeyPersonNetwork
    keeper: bool
    adds_members: bool
    summary: NetworkSummary
    members: list[NetworkMember]
    trainings: list[Training]
    months: list[MonthOutreach]
    outreach: list[Outreach]
    coverage: Coverage
    candidates: list[Interpreter]
    coordinators: list[User]
    funding_choices: list[FundingApplication]


def network_page(*, user: Any, network_id: int, today: dt.date) -> NetworkPage:
    """The network as the person may read it, in a fixed number of queries."""
    network = network_for(user=user, network_id=network_id)
    keeper = keeps(user=user, network=network)
    spoken = languages_covered([network], today)[network.pk]
    covering = languages_covered([network], today, with_macrolanguages=True)[network.pk]
    return NetworkPage(
        network=network,
        keeper=keeper,
        adds_members=keeper and adds_members(user=user, network=network),
        summary=summaries(networks=[network], today=today)[0],
        members=members_of(network=network) if keeper else [],
        trainings=trainings_of(network=network, with_attendees=keeper),
        months=outreach_by_month(networks=[network], today=today),
        outreach=recent_outreach(network=network) if keeper else [],
        coverage=coverage_of(network, spoken=spoken, covering=covering, today=today),
        candidates=candidates_for(user=user, network=network) if keeper else [],
        coordinators=(
            coordinators_for(user=user, network_organisation_id=network.organisation_id)
            if keeper
            else []
        ),
        funding_choices=funding_choices(user=user, network=network) if keeper else [],
    )


@dataclass
class StartChoices:
    """What the person may pick when starting a network."""

    municipalities: list[Municipality]
    organisations: list[Organisation]
    coordinators: list[User]

    @property
    def any(self) -> bool:
        return bool(self.municipalities and self.organisations)


def start_choices(*, user: Any) -> StartChoices:
    """An officer starts a network in their municipalities, run by any organisation with key
    persons in its pool (its name only); a pool keeper in a municipality where the pool's key
    persons live, run by their organisation, naming one of its staff as coordinator."""
    from lisko.accounts.models import User
    from lisko.organisations.models import Organisation
    from lisko.places.models import Municipality

    access = access_of(user)
    officer_of = officer_municipality_ids(access)
    kept = access.organisations(roles.POOL_KEEPING)
    key_persons = Interpreter.objects.filter(kind=Interpreter.Kind.KEY_PERSON, is_active=True)
    municipalities = Q(pk__in=officer_of) if officer_of else Q(pk__in=[])
    if kept:
        municipalities |= Q(
            pk__in=key_persons.filter(organisation_id__in=kept).values("home_municipality_id")
        )
    organisations = Q(pk__in=kept) if kept else Q(pk__in=[])
    if officer_of:
        organisations |= Q(pk__in=key_persons.values("organisation_id"))
    return StartChoices(
        municipalities=list(Municipality.objects.filter(municipalities).order_by("name", "pk")),
        organisations=list(Organisation.objects.filter(organisations).order_by("name", "pk")),
        coordinators=list(
            User.objects.filter(
                is_active=True,
                memberships__organisation_id__in=kept,
                memberships__role__in=roles.STAFF,
            )
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )
        if kept
        else [],
    )


def language_choices() -> list[tuple[str, str]]:
    """(code, name in the reader's language) of every language Lisko knows, by name."""
    from lisko.languages.models import Language
    from lisko.planning.selectors import language_rows

    return language_rows(Language.objects.values_list("code", flat=True))
