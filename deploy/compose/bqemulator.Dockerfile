# The BigQuery emulator of the local stack (scripts/stack/components/bqemulator.sh) as an image:
# bqemulator 1.4.0 with the pinned requirements, started through the same launch wrapper.
# Build context: the repository root (docker-compose.yml service bigquery).
FROM python:3.11-slim-bookworm
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1 BQEMU_ENABLE_FORMAT_EXTENSIONS=false
WORKDIR /opt/bqemulator
COPY scripts/stack/bqemulator/requirements.txt scripts/stack/bqemulator/launch.py ./
RUN pip install -r requirements.txt bqemulator==1.4.0 \
 && useradd --system --uid 10001 --home-dir /data --create-home bqemulator
USER bqemulator
WORKDIR /data
EXPOSE 9050 9060
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=10 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:9050/healthz', timeout=2)"]
CMD ["python", "/opt/bqemulator/launch.py", "start", "--rest-host", "0.0.0.0", "--rest-port", "9050", \
     "--grpc-host", "0.0.0.0", "--grpc-port", "9060", "--persistent", "--data-dir", "/data", \
     "--project", "engagement-local", "--log-level", "warning", "--log-format", "console"]
