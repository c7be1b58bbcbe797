"""The moderation queue. Every change goes through reviews.services, so the product's score stays right."""

from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from catalog.models import ProductImage
from reviews.resources import ReviewResource

from . import services
from .models import MAX_SCORE, Review

# The admin index's dashboard (catalog/admin/dashboard.py) shows how many reviews wait for moderation.

ALL = "all"


class ModerationStatusFilter(admin.SimpleListFilter):
    """Opens on NEW reviews (the queue); "All" lists every status."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [*Review.Status.choices, (ALL, _("All"))]

    def value(self):
        return super().value() or Review.Status.NEW

    def queryset(self, request, queryset):
        value = self.value()
        if value == ALL:
            return queryset
        if value in Review.Status.values:
            return queryset.filter(status=value)
        return queryset.none()

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


def stars(score) -> str:
    full = int(score + Decimal("0.5"))  # 4.5 shows five stars, 4.4 four: the nearest whole star
    return "★" * full + "☆" * (MAX_SCORE - full)


@admin.register(Review)
class ReviewAdmin(ExportMixin, admin.ModelAdmin):
    resource_classes = [ReviewResource]
    # Five columns, so the buttons stay in view at 1366 px with both sidebars open: the author and the stars
    # head the review's text; the status shows only when the list is not one status (the queue is NEW).
    list_display = ["created_at", "product_card", "review", "status", "moderate"]
    list_display_links = ["created_at"]
    list_filter = [ModerationStatusFilter]
    search_fields = ["public_id", "customer_name", "content", "product__public_id", "product__short_name"]
    ordering = ["created_at", "id"]  # the queue: oldest first
    list_per_page = 50
    date_hierarchy = "created_at"
    search_help_text = _("Search by review ID, author, text, product ID or name")
    actions = ["confirm_reviews", "delete_reviews", "restore_reviews"]
    fields = ["public_id", "product_card", "created_at", "score_stars", "customer_name", "content", "status"]
    readonly_fields = ["public_id", "product_card", "created_at", "score_stars"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("product")
            .prefetch_related(Prefetch("product__images", queryset=ProductImage.objects.order_by("pos", "id")))
        )

    # Reviews come from customers and are never hard-deleted: status DELETED keeps them (and the score) right.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("product"))
    def product_card(self, review):
        product = review.product
        images = list(product.images.all())
        thumbnail = (
            format_html(
                '<img src="{}" alt="" style="width:40px;height:40px;object-fit:cover;float:left;margin-right:6px">',
                images[0].url,
            )
            if images and images[0].file
            else ""
        )
        return format_html("{}{} <small>[{}]</small>", thumbnail, product.short_name or "—", product.public_id)

    @admin.display(description=_("score"), ordering="score")
    def score_stars(self, review):
        return format_html(
            '<span title="{}/{}" style="color:#e8a500;white-space:nowrap">{}</span>',
            review.score,
            MAX_SCORE,
            stars(review.score),
        )

    @admin.display(description=_("review"), ordering="score")
    def review(self, review):
        return format_html(
            '<div class="review-head">{} · {}</div>{}',
            self.score_stars(review),
            review.customer_name,
            self.text(review),
        )

    @admin.display(description=_("text"))
    def text(self, review):
        # format_html escapes: whatever the text holds is shown, never interpreted.
        return format_html('<div class="review-text">{}</div>', Truncator(review.content).chars(600))

    @admin.display(description=_("moderation"))
    def moderate(self, review):
        # Buttons of the changelist form (it carries the CSRF token); changelist_view handles them.
        # Styled by templates/admin/base_site.html (.moderate-button): readable text on a solid colour.
        buttons = []
        if review.status != Review.Status.CONFIRMED:
            buttons.append((f"{Review.Status.CONFIRMED}:{review.pk}", "moderate-confirm", gettext("Confirm")))
        if review.status != Review.Status.DELETED:
            buttons.append((f"{Review.Status.DELETED}:{review.pk}", "moderate-delete", gettext("Delete")))
        return format_html_join(
            "",
            '<button type="submit" name="_moderate" value="{}" class="moderate-button {}">{}</button>',
            buttons,
        )

    def get_list_display(self, request):
        # Who may only view reviews sees the queue without buttons (and without the bulk actions).
        columns = list(super().get_list_display(request))
        if request.GET.get(ModerationStatusFilter.parameter_name) != ALL:
            columns.remove("status")
        return columns if self.has_change_permission(request) else [c for c in columns if c != "moderate"]

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and "_moderate" in request.POST:
            return self._moderate_one(request)
        return super().changelist_view(request, extra_context)

    def _moderate_one(self, request):
        if not self.has_change_permission(request):
            # Never a bare 403 page: the queue again, saying why nothing changed.
            self.message_user(request, _("You may view reviews but not moderate them."), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())
        status, _sep, pk = request.POST["_moderate"].partition(":")
        if status not in (Review.Status.CONFIRMED, Review.Status.DELETED) or not pk.isdigit():
            self.message_user(request, _("Unknown moderation command."), messages.ERROR)
        else:
            changed = services.set_reviews_status(review_ids=[int(pk)], status=status)
            done = _("Review confirmed.") if status == Review.Status.CONFIRMED else _("Review deleted.")
            if changed:
                self.message_user(request, done, messages.SUCCESS)
            else:
                self.message_user(
                    request, _("The review did not change (already in that status, or not found)."), messages.WARNING
                )
        return HttpResponseRedirect(request.get_full_path())

    def _bulk(self, request, queryset, status, label):
        # Ids first: the changelist's queryset is filtered by status and would not find the changed reviews again.
        ids = list(queryset.values_list("pk", flat=True))
        changed = services.set_reviews_status(review_ids=ids, status=status)
        self.message_user(request, label % {"changed": changed, "total": len(ids)}, messages.SUCCESS)

    @admin.action(description=_("Confirm the selected reviews"), permissions=["change"])
    def confirm_reviews(self, request, queryset):
        self._bulk(request, queryset, Review.Status.CONFIRMED, gettext("Reviews confirmed: %(changed)s of %(total)s."))

    @admin.action(description=_("Delete the selected reviews"), permissions=["change"])
    def delete_reviews(self, request, queryset):
        self._bulk(request, queryset, Review.Status.DELETED, gettext("Reviews deleted: %(changed)s of %(total)s."))

    @admin.action(description=_("Return the selected reviews to moderation"), permissions=["change"])
    def restore_reviews(self, request, queryset):
        self._bulk(request, queryset, Review.Status.NEW, gettext("Returned to moderation: %(changed)s of %(total)s."))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        services.edit_review(
            public_id=obj.public_id,
            customer_name=data.get("customer_name"),
            content=data.get("content"),
            status=data.get("status"),
        )
