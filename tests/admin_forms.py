"""Helpers for posting the admin's forms the way the browser does."""


def management(prefix, total=0, initial=0):
    """The management form Django's inline formsets expect for the inline named `prefix`."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
