from django.urls import path

from . import collections, filter_blocks, history, public, views

urlpatterns = [
    path("products", views.ProductsView.as_view()),
    path("products/batch", views.ProductsBatchView.as_view()),
    path("products/copy", views.ProductCopyView.as_view()),
    path("products/variants", views.VariantsView.as_view()),
    path("products/variants/batch", views.VariantsBatchView.as_view()),
    path("products/variants/eshop_settings", views.VariantEshopSettingsView.as_view()),
    path("product/options/reorder", views.OptionsReorderView.as_view()),
    path("products/history", history.HistoryView.as_view()),
    path("products/history/diff", history.HistoryDiffView.as_view()),
    path("collections", collections.CollectionsView.as_view()),
    # Storefront search and filter blocks
    path("products/filters", filter_blocks.FilterBlocksView.as_view()),
    path("pub/products", public.PublicProductsView.as_view()),
    path("pub/products/brands", public.PublicBrandsView.as_view()),
    path("pub/products/filters", filter_blocks.PublicFilterBlocksView.as_view()),
]
