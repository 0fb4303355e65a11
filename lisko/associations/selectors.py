"""Reading associations and offers, scoped to the organisations of the person who asks."""

from django.db.models import Count, F, Q, QuerySet

from lisko.access import access_of, roles
from lisko.accounts.models import User
from lisko.associations.models import Association, Offer
from lisko.core.errors import NotFound
from lisko.languages.models import Language
from lisko.organisations.models import FieldOfAction
from lisko.places.models import Municipality
from lisko.referrals.models import TAKING_A_PLACE


def offers_with_places() -> QuerySet[Offer]:
    """All offers, annotated with `taken_places` (accepted or in-progress referrals) and
    `free_places`."""
    return Offer.objects.annotate(
        taken_places=Count("referrals", filter=Q(referrals__status__in=TAKING_A_PLACE)),
    ).annotate(free_places=F("capacity") - F("taken_places"))


def associations_for(*, user: User) -> QuerySet[Association]:
    """The associations of the organisations where `user` is staff, with their municipality."""
    return (
        Association.objects.filter(
            organisation_id__in=access_of(user).organisations(roles.DIRECTORY)
        )
        .select_related("municipality", "organisation")
        .prefetch_related("partners")
        .order_by("name")
    )


def association_for(*, user: User, association_id: int) -> Association:
    """One association with its offers, or NotFound outside `user`'s organisations."""
    association = (
        associations_for(user=user)
        .prefetch_related("offers__field_of_action", "offers__languages")
        .filter(pk=association_id)
        .first()
    )
    if association is None:
        raise NotFound()
    return association


def associations_of_partner(*, user: User) -> QuerySet[Association]:
    """The associations `user` is a partner at, within organisations where they hold that role."""
    return Association.objects.filter(
        pk__in=Association.partners.through.objects.filter(
            user_id=user.pk,
            association__organisation_id__in=access_of(user).organisations(roles.PARTNERS),
        ).values("association_id")
    ).select_related("municipality")


def offer_for(*, user: User, offer_id: int) -> Offer:
    """One offer with its free places, or NotFound outside `user`'s organisations."""
    offer = (
        offers_with_places()
        .filter(
            association__organisation_id__in=access_of(user).organisations(roles.DIRECTORY),
            pk=offer_id,
        )
        .select_related("association", "field_of_action", "municipality")
        .prefetch_related("languages")
        .first()
    )
    if offer is None:
        raise NotFound()
    return offer


def offers_matching(
    *,
    user: User,
    field_of_action: FieldOfAction | None = None,
    language: Language | None = None,
    municipality: Municipality | None = None,
    with_free_places: bool = True,
) -> QuerySet[Offer]:
    """Active offers of `user`'s organisations that fit: field of action, language (a variety
    also finds offers in its macrolanguage), municipality and, by default, a free place."""
    offers = offers_with_places().filter(
        association__organisation_id__in=access_of(user).organisations(roles.DIRECTORY),
        is_active=True,
    )
    if field_of_action is not None:
        offers = offers.filter(field_of_action=field_of_action)
    if language is not None:
        codes = [language.pk]
        if language.parent_id is not None:
            codes.append(language.parent_id)
        offers = offers.filter(pk__in=Offer.objects.filter(languages__in=codes).values("pk"))
    if municipality is not None:
        offers = offers.filter(municipality=municipality)
    if with_free_places:
        # The stubs do not see annotations made in offers_with_places().
        offers = offers.filter(free_places__gt=0)  # type: ignore[misc]
    return (
        offers.select_related("association", "field_of_action", "municipality")
        .prefetch_related("languages")
        .order_by("-free_places", "title", "id")  # type: ignore[misc]
    )


def offers_of_partner(*, user: User) -> QuerySet[Offer]:
    """The offers of the associations `user` is a partner at, with their free places."""
    return (
        offers_with_places()
        .filter(association__in=associations_of_partner(user=user).values("pk"))
        .select_related("association", "field_of_action", "municipality")
        .prefetch_related("languages")
        .order_by("association__name", "title", "id")
    )


def offer_of_partner(*, user: User, offer_id: int) -> Offer:
    """One offer of `user`'s associations, or NotFound."""
    offer = offers_of_partner(user=user).filter(pk=offer_id).first()
    if offer is None:
        raise NotFound()
    return offer


def offers_to_refer_to(*, user: User) -> QuerySet[Offer]:
    """The offers a social worker may refer a client to: those of their organisations."""
    return Offer.objects.filter(
        association__organisation_id__in=access_of(user).organisations(roles.CASEWORK)
    )


def associations_of_organisation_for(
    *, user: User, organisation_id: int, names_only: bool = False
) -> QuerySet[Association]:
    """The associations `user` sees in one organisation (a client's, for a consent); with
    `names_only` the partners are not prefetched, for choices that show names alone."""
    associations = associations_for(user=user).filter(organisation_id=organisation_id)
    return associations.prefetch_related(None) if names_only else associations


def directory_for(*, user: User) -> QuerySet[Association]:
    """The associations of `user`'s directory, each with its offers (free places annotated) in
    `offers_with_places_list` and its partner users: one query per relation, however many."""
    from django.db.models import Prefetch

    return associations_for(user=user).prefetch_related(
        Prefetch(
            "offers",
            queryset=offers_with_places()
            .select_related("field_of_action", "municipality")
            .prefetch_related("languages")
            .order_by("-is_active", "title", "id"),
            to_attr="offers_with_places_list",
        )
    )


def directory_association_for(*, user: User, association_id: int) -> Association:
    """One association of `user`'s directory with its offers and partners, or NotFound
    outside `user`'s organisations (the same answer for an id that does not exist)."""
    association = directory_for(user=user).filter(pk=association_id).first()
    if association is None:
        raise NotFound()
    return association


def directory_offer_for(*, user: User, association: Association, offer_id: int) -> Offer:
    """One offer of an association `user` sees, or NotFound (another association's included)."""
    offer = offer_for(user=user, offer_id=offer_id)
    if offer.association_id != association.pk:
        raise NotFound()
    return offer


def partner_candidates(*, association: Association) -> QuerySet[User]:
    """The organisation's association partners not yet linked to `association`, by name."""
    from lisko.organisations.models import Membership, Role

    partners = Membership.objects.filter(
        organisation_id=association.organisation_id, role=Role.PARTNER
    ).values("user_id")
    return (
        User.objects.filter(pk__in=partners, is_active=True)
        .exclude(
            pk__in=association.partners.through.objects.filter(
                association_id=association.pk
            ).values("user_id")
        )
        .order_by("first_name", "last_name", "username")
    )


def people_of_organisation(*, organisation_id: int) -> QuerySet[User]:
    """Everyone holding a role in the organisation (the people a form there may name)."""
    from lisko.organisations.models import Membership

    return User.objects.filter(
        pk__in=Membership.objects.filter(organisation_id=organisation_id).values("user_id")
    )


def association_header_for(*, user: User, association_id: int) -> Association:
    """One association of `user`'s organisations with its municipality and organisation only
    (for a page about one of its offers), or NotFound."""
    association = (
        associations_for(user=user).prefetch_related(None).filter(pk=association_id).first()
    )
    if association is None:
        raise NotFound()
    return association
