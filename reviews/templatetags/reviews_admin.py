from django import template

from ..queries import waiting_reviews_count

register = template.Library()


@register.inclusion_tag("reviews/admin/waiting_reviews.html", takes_context=True)
def waiting_reviews(context):
    """The admin index's "N reviews wait for moderation" box, for those who may see reviews."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("reviews.view_review"):
        return {"visible": False}
    return {"visible": True, "count": waiting_reviews_count()}
