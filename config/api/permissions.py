"""Who may call which private API operation: Django's model permissions, the same the admin checks.

Every private view names, per HTTP method, the permissions an operation needs in `required_permissions`
(`{"GET": needs("catalog.product", "view"), ...}`). A method a view implements but does not name is refused
(403): a new operation without a decision is closed, and tests/test_api_roles.py fails until one is made.
"""

from rest_framework.permissions import BasePermission


def needs(model_label: str, *actions: str) -> tuple[str, ...]:
    """`needs("catalog.product", "add", "change")` -> ("catalog.add_product", "catalog.change_product")."""
    app_label, model = model_label.split(".")
    return tuple(f"{app_label}.{action}_{model}" for action in actions)


class HasModelPermissions(BasePermission):
    message = "Недостаточно прав для этой операции"

    def has_permission(self, request, view):
        method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
        if not hasattr(view, method.lower()):
            return True  # not an operation of this path: DRF answers 405
        required = getattr(view, "required_permissions", {}).get(method)
        if required is None:
            return False
        return request.user.has_perms(required)
