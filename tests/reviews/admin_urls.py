"""A test admin site with the product admin next to the review admin, to check the moderators' limits even
before (or without) the catalog's own admin being registered on the project's site."""

from django.contrib import admin
from django.urls import path

from catalog.models import Product
from reviews.admin import ReviewAdmin
from reviews.models import Review

site = admin.AdminSite(name="admin")
site.register(Review, ReviewAdmin)
site.register(Product, type(admin.site._registry.get(Product, admin.ModelAdmin(Product, admin.site))))

urlpatterns = [path("admin/", site.urls)]
