# Dates and times in lists and pages as Russian business software writes them: 04.12.2026 09:17, not
# "4 декабря 2026 г. 9:17", which pushes the last column of a list out of sight at 1366 px.
# Django's own Russian formats apply to everything not set here (FORMAT_MODULE_PATH in config/settings.py).
DATE_FORMAT = "d.m.Y"
DATETIME_FORMAT = "d.m.Y H:i"
