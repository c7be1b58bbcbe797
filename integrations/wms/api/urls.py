from django.urls import path

from . import views

urlpatterns = [
    path("products/export_ff", views.ExportFfView.as_view()),
    path("products/delete_barcodes_ff", views.DeleteBarcodesFfView.as_view()),
    path("products/stock_revise", views.StockReviseView.as_view()),
    path("products/warehouse/categories", views.WarehouseCategoriesView.as_view()),
]
