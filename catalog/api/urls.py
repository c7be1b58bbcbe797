from django.urls import path

from . import collections, dictionaries, filter_blocks, history, images, public, templates, views

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
    # Dictionaries, images and spreadsheets
    path("products/attributes", dictionaries.AttributesView.as_view()),
    path("products/features", dictionaries.FeaturesView.as_view()),
    path("products/features/appearance", dictionaries.FeatureAppearanceView.as_view()),
    path("pub/products/features/appearance", dictionaries.PublicFeatureAppearanceView.as_view()),
    path("products/accounting_attributes", dictionaries.AccountingAttributesView.as_view()),
    path("products/additional_descriptions/titles", dictionaries.DescriptionTitlesView.as_view()),
    path("products/wb_categories", dictionaries.WbCategoriesView.as_view()),
    path("products/image", images.ProductImageView.as_view()),
    path("products/image/pos", images.ProductImagePosView.as_view()),
    path("file/image", images.FileImageView.as_view()),
    path("products/templates/items", templates.ItemTemplateView.as_view()),
    # Storefront search and filter blocks
    path("products/filters", filter_blocks.FilterBlocksView.as_view()),
    path("pub/products", public.PublicProductsView.as_view()),
    path("pub/products/brands", public.PublicBrandsView.as_view()),
    path("pub/products/filters", filter_blocks.PublicFilterBlocksView.as_view()),
]
