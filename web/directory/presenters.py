"""How the directory reads on a page: counts of offers and places, languages by name in the
reader's language, numbers grouped as the reader's language writes them. Works on what the
selectors read (offers with `free_places` in `offers_with_places_list`); never queries."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import number_format

from lisko.associations.models import Association, Offer
from lisko.places.collation import name_key


def grouped(number: int) -> str:
    """A count as the reader's language writes it, thousands grouped (1’250, 1.250, 1 250)."""
    return number_format(number, force_grouping=True)


def association_url(association: Association) -> str:
    return reverse("directory:association", kwargs={"association_id": association.pk})


def offer_url(offer: Offer) -> str:
    return reverse(
        "directory:offer", kwargs={"association_id": offer.association_id, "offer_id": offer.pk}
    )


def _free(offer: Offer) -> int:
    # Places taken beyond the capacity (capacity lowered by the admin) are no negative free
    # places for the association as a whole.
    return max(0, offer.free_places)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class AssociationRow:
    """One association as the directory lists it."""

    association: Association
    url: str
    active_offers: str
    free_places: str
    partners: int


def association_row(association: Association) -> AssociationRow:
    active = [offer for offer in association.offers_with_places_list if offer.is_active]  # type: ignore[attr-defined]
    return AssociationRow(
        association=association,
        url=association_url(association),
        active_offers=grouped(len(active)),
        free_places=grouped(sum(_free(offer) for offer in active)),
        partners=len(association.partners.all()),
    )


def sorted_rows(associations: list[Association]) -> list[AssociationRow]:
    """The rows by name as a reader sorts them ("Ärztinnen" next to "Arbeit"), not by bytes."""
    return sorted(
        (association_row(association) for association in associations),
        key=lambda row: name_key(row.association.name),
    )


@dataclass(frozen=True)
class OfferLine:
    """One offer as the association page lists it."""

    offer: Offer
    url: str
    field_of_action: str
    languages: list[str]
    capacity: str
    taken: str
    free: str


def offer_line(offer: Offer) -> OfferLine:
    return OfferLine(
        offer=offer,
        url=offer_url(offer),
        field_of_action=offer.field_of_action.display_name(),
        languages=sorted(
            (language.display_name() for language in offer.languages.all()), key=name_key
        ),
        capacity=grouped(offer.capacity),
        taken=grouped(offer.taken_places),  # type: ignore[attr-defined]
        free=grouped(_free(offer)),
    )


def partner_names(association: Association) -> list[tuple[int, str]]:
    """(id, name) of the association's partner users, by name."""
    return sorted(
        ((user.pk, str(user)) for user in association.partners.all()),
        key=lambda pair: name_key(pair[1]),
    )
