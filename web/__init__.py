"""The web face of SongWish: the REST API, health and metrics, and the mounted chat UI.

`web.app.create_app()` builds the FastAPI app; routers in `web.routers` stay
thin (validate, call a service, shape the answer) and every error leaves
through `web.errors` in one JSON shape.
"""
