"""The WMS upload state of a variant, for lists and pages: shown only when a WMS is configured (a
fulfillment warehouse exists), with a tooltip saying what the mark means."""

from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inventory.models import Warehouse

WMS_STATE_LABEL = _("WMS")


def wms_configured(request=None) -> bool:
    """A WMS is in use when a fulfillment (WMS) warehouse exists; asked once per request."""
    if request is not None and hasattr(request, "_wms_configured"):
        return request._wms_configured
    configured = Warehouse.objects.filter(type=Warehouse.Type.FULFILLMENT).exists()
    if request is not None:
        request._wms_configured = configured
    return configured


def wms_state_html(variant) -> str:
    if variant.is_ff_synchronised:
        tip = gettext("Uploaded to the WMS")
    elif variant.ff_sync_error:
        tip = gettext("Not uploaded to the WMS: %(error)s") % {"error": variant.ff_sync_error}
    else:
        tip = gettext("Not uploaded to the WMS yet (uploaded by the WMS sync)")
    return format_html('<span class="wms-state" title="{}">{}</span>', tip, _boolean_icon(variant.is_ff_synchronised))
