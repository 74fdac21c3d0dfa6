# The tracker service in one image: `tracker serve` by default, and every other `tracker` command
# (migrations, seeding, keys, the scheduler) with the same code and settings.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY tracker ./tracker
COPY api ./api
COPY scrapers ./scrapers
COPY migrations ./migrations
RUN python -m pip wheel . --no-deps -w /wheels

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    TRACKER_HOST=0.0.0.0 \
    TRACKER_PORT=8000 \
    TRACKER_SNAPSHOT_DIR=/data/snapshots \
    TRACKER_SESSION_DIR=/data/sessions
COPY --from=build /wheels /wheels
RUN python -m pip install --no-cache-dir "$(ls /wheels/tracker-*.whl)[postgres]" && rm -rf /wheels
# The volumes are made here, owned by the service's user, so that new volumes start writable by it.
RUN useradd --system --create-home --home-dir /home/tracker tracker \
    && mkdir -p /data/snapshots /data/sessions \
    && chown -R tracker:tracker /data
USER tracker
WORKDIR /home/tracker
VOLUME ["/data/snapshots", "/data/sessions"]
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('TRACKER_PORT', '8000') + '/ready', timeout=4)"]
CMD ["tracker", "serve"]
