"""Catalog admin. Product and variant pages save through the catalog services (the same write path as
the API), so validation and history apply; dictionaries are plain model admins."""

from . import dashboard, dictionaries, filters, images, product_import, products  # noqa: F401
