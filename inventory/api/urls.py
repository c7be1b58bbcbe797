from django.urls import path

from . import views

urlpatterns = [
    path("warehouses", views.WarehousesView.as_view()),
    path("products/stocks", views.StocksView.as_view()),
    path("reservations", views.ReservationsView.as_view()),
    path("reservations/release", views.ReservationReleaseView.as_view()),
    path("reservations/confirm", views.ReservationConfirmView.as_view()),
    path("products/batch/accounting/stocks", views.LotStocksView.as_view()),
    path("products/load/unique_number/json", views.UniqueNumbersJsonLoadView.as_view()),
    path("products/load/unique_number/excel", views.UniqueNumbersExcelLoadView.as_view()),
    path("products/unique_numbers/list", views.UniqueNumbersListView.as_view()),
    path("products/unique_number", views.TakeUniqueNumberView.as_view()),
    path("products/unique_number/used", views.UniqueNumberUsedView.as_view()),
]
