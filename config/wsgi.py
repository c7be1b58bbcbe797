import os

from django.core.wsgi import get_wsgi_application

from config.gc_tuning import tune_gc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
tune_gc()  # after the app is loaded: what start-up built is frozen out of the collector's sight
