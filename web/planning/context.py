"""What every page's navigation needs to know about planning: whether to offer the link."""

from collections.abc import Callable

from django.http import HttpRequest

from lisko.planning.scope import may_plan


def planning(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    # A callable: the template asks only on pages whose navigation shows the link.
    return {"may_plan": lambda: may_plan(getattr(request, "user", None))}
