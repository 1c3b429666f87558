# syntax=docker/dockerfile:1
# SongWish: `docker build -t songwish .` then
#   docker run -p 8000:8000 -e SECRET_KEY=... songwish
# Production variables, volumes and the checklist: docs/deploy.md.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: locked dependencies, the project, the catalogue index ---------------------
FROM ${PYTHON_IMAGE} AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    PATH=/opt/venv/bin:$PATH

# uv lives in the build stage only; the runtime image gets the virtualenv alone.
RUN pip install uv==0.13.9 && python -m venv /opt/venv

WORKDIR /app
# Dependencies first, in their own layer: the runtime requirements of pyproject.toml
# pinned by requirements.lock (its dev extras, pytest, playwright..., stay out).
COPY pyproject.toml requirements.lock README.md ./
RUN uv pip install --python /opt/venv/bin/python -r pyproject.toml -c requirements.lock

# The source (.dockerignore keeps tests, docs, data and secrets out), installed in
# place: the app finds its Chainlit entry point (app.py) next to its packages.
COPY . .
RUN uv pip install --python /opt/venv/bin/python --no-deps -e . \
        --config-settings editable_mode=compat

# The catalogue index is built now, so a container serves its first search at once
# (from the shipped precomputed vectors: only items without one are embedded).
ENV SONGWISH_DATA_DIR=/tmp/build-data \
    CHROMA_PATH=/app/index
RUN songwish catalog build && songwish catalog status

# --- runtime: slim, non-root --------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    SONGWISH_DATA_DIR=/app/var \
    CHROMA_PATH=/app/index \
    HOST=0.0.0.0 \
    PORT=8000

RUN groupadd --system --gid 10001 songwish \
    && useradd --system --uid 10001 --gid songwish --home-dir /app \
        --shell /usr/sbin/nologin songwish

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
# Code stays root-owned. The app writes only: its data dir (SQLite, generated secret),
# the index (Chroma keeps SQLite files there), Chainlit's config dir (it adds missing
# translation files at start) and Chainlit's upload dir.
COPY --from=build /app /app
RUN mkdir -p /app/var /app/.files /app/.chainlit \
    && chown -R songwish:songwish /app/var /app/.files /app/.chainlit /app/index

USER songwish
EXPOSE 8000
VOLUME ["/app/var"]

HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8000'), timeout=4)"

# `exec` hands PID 1 to the server, so `docker stop` (SIGTERM) shuts it down cleanly.
CMD ["sh", "-c", "exec songwish serve --host 0.0.0.0 --port ${PORT:-8000}"]
