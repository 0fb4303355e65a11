"""Access: who holds which role (roles), who is asking (access), who may see what (rules).

"Who may see this client?" is answered in lisko/access/rules.py, client_rule.
"""

from lisko.access.access import (
    ANONYMOUS,
    SYSTEM,
    Access,
    access_of,
    forget_access,
    organisations_where,
    require_role,
    two_factor_required,
)

__all__ = [
    "ANONYMOUS",
    "SYSTEM",
    "Access",
    "access_of",
    "forget_access",
    "organisations_where",
    "require_role",
    "two_factor_required",
]
