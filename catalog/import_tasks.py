"""Celery tasks of spreadsheet imports (kept apart from catalog/tasks.py, which the storefront owns)."""
