"""Sorting names as a reader expects them, not by their bytes.

The database and Python compare code points, so "Käerjeng" comes after "Kopstal" and "Ägypten"
after "Zypern". Every pick list of places (municipalities, countries) sorts with `name_key`.
"""

import unicodedata
from collections.abc import Callable, Iterable


def name_key(name: str) -> str:
    """A sort key where accents and case do not count (ties keep their order: sorting is
    stable), so "Käerjeng" sorts as "kaerjeng"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def sorted_by_name[T](items: Iterable[T], name: Callable[[T], str] = str) -> list[T]:
    """`items` by the name `name` gives each, as `name_key` compares names."""
    return sorted(items, key=lambda item: name_key(name(item)))
