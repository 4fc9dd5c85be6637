import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.prod")
django.setup(set_prefix=False)  # what get_wsgi_application() does, for our handler

from portal.handler import PortalWSGIHandler  # noqa: E402

application = PortalWSGIHandler()
