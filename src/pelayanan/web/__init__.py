"""The front door (the ``web`` extra): ``pelayanan serve``, a JSON API and server-rendered pages.

A thin adapter: writes go through the service, reads through projections, and who did it is
the signed-in account. Import :func:`pelayanan.web.app.create_app` to embed the application.
"""
