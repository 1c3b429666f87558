"""HTML pages served by the FastAPI app: the guest view of a shared list and the shop demo.

`web/app.py` includes `shared.router` and `store.router`. The pages are plain,
server-rendered HTML (Jinja2, autoescaped) that call the same services as the
REST API and the chat.
"""
