"""DRF's built-in messages that its Russian catalogue lacks or words poorly, translated in locale/ru.

The APIs always answer in Russian (config.api.middleware.LocaleMiddleware). Listed here with gettext_noop
only so that `makemessages` keeps their entries in locale/ru/LC_MESSAGES/django.po (the project's catalogue
comes before DRF's, LOCALE_PATHS); the msgids must stay exactly DRF's. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

DRF_MESSAGES = [
    # missing from DRF's Russian catalogue
    gettext_noop("Must be a valid boolean."),
    gettext_noop("Ensure this field has no more than {max_length} elements."),
    gettext_noop("Ensure this field has at least {min_length} elements."),
    gettext_noop("Invalid input."),
    gettext_noop("Not a valid string."),
    gettext_noop("A valid biginteger is required."),
    gettext_noop("Integer value too large to convert to float"),
    gettext_noop("Datetime value out of range."),
    gettext_noop("This dictionary may not be empty."),
    gettext_noop("Must be a valid UUID."),
    gettext_noop('Invalid datetime for the timezone "{timezone}".'),
    # worded poorly there
    gettext_noop("A valid integer is required."),
    gettext_noop("Not found."),
    gettext_noop("Request was throttled."),
    # Throttled formats these before its ngettext, so the catalogue can only match them unformatted (gettext_lazy)
    gettext_noop("Expected available in {wait} second."),
    gettext_noop("Expected available in {wait} seconds."),
    gettext_noop('Expected a list of items but got type "{input_type}".'),
    gettext_noop('Expected a dictionary of items but got type "{input_type}".'),
    gettext_noop("Invalid data. Expected a dictionary, but got {datatype}."),
]
