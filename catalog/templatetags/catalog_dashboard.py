from django import template

from ..admin.dashboard import dashboard

register = template.Library()


@register.inclusion_tag("admin/catalog/dashboard.html", takes_context=True)
def admin_dashboard(context):
    """The admin index's dashboard (catalog.admin.dashboard), only the blocks the user may see."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return {"visible": False}
    return {"visible": True, **dashboard(user)}
