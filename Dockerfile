# syntax=docker/dockerfile:1.7
#
# One Dockerfile for every image of the system, selected with --target:
#
#   app               one of the five services:  --build-arg APP=<app> --build-arg APP_PORT=<port>
#                     (enrichment 3001, redis-sink 3002, bigquery-sink 3003, webhook-sink 3004, backfill 3005)
#   webhook-receiver  the reference webhook receiver (tools/webhook-receiver), port 3090
#   tools             operator jobs from the sources: `migrate` (the schema, as `npm run db:migrate`)
#                     and `generate` (the data generator); not a production image
#
#   docker build --target app --build-arg APP=redis-sink --build-arg APP_PORT=3002 -t engagement-cdc/redis-sink .
#
# Reproducible from the lockfile: every stage installs with `npm ci`; the service images install
# the lockfile Nx derives from the root one for the bundle's own dependencies (the build writes
# it beside main.js), production dependencies only.

ARG NODE_IMAGE=node:20.19-bookworm-slim

# ---- all dependencies, from the root lockfile -------------------------------------------------
FROM ${NODE_IMAGE} AS deps
WORKDIR /workspace
ENV NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE=true CI=true
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# ---- one service: webpack bundle, generated package.json and the pruned lockfile --------------
FROM deps AS builder
ARG APP
RUN test -n "${APP}" || (echo "build with --build-arg APP=<app>" >&2 && exit 1)
COPY . .
# The webpack build (generatePackageJson) writes dist/apps/<app>/package.json and a
# package-lock.json pruned to the bundle's external dependencies; the libs are in the bundle.
RUN npx nx run ${APP}:build --output-style=static \
 && test -f dist/apps/${APP}/package-lock.json

# ---- production dependencies of that bundle only ---------------------------------------------
FROM ${NODE_IMAGE} AS runtime-deps
ARG APP
WORKDIR /app
COPY --from=builder /workspace/dist/apps/${APP}/package.json /workspace/dist/apps/${APP}/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# ---- a service image -------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS app
ARG APP
ARG APP_PORT
RUN test -n "${APP_PORT}" || (echo "build with --build-arg APP_PORT=<the app's HTTP_PORT>" >&2 && exit 1)
ENV NODE_ENV=production \
    HTTP_PORT=${APP_PORT} \
    APP_NAME=${APP}
WORKDIR /app
COPY --from=runtime-deps --chown=root:root /app/node_modules ./node_modules
COPY --from=builder --chown=root:root /workspace/dist/apps/${APP}/main.js /workspace/dist/apps/${APP}/package.json ./
# The image's files belong to root and are read-only for the process; it runs as `node` (uid 1000).
USER node
EXPOSE ${APP_PORT}
# Liveness, not readiness: a dependency outage must not mark the container unhealthy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.HTTP_PORT+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node as PID 1 receives SIGTERM directly; the apps shut down within SHUTDOWN_TIMEOUT_MS.
CMD ["node", "main.js"]

# ---- the reference webhook receiver (one bundle: node:http and standardwebhooks inside) ------
FROM deps AS receiver-builder
COPY . .
RUN npx nx run webhook-receiver:build --output-style=static

FROM ${NODE_IMAGE} AS webhook-receiver
ENV NODE_ENV=production RECEIVER_PORT=3090
WORKDIR /app
COPY --from=receiver-builder --chown=root:root /workspace/dist/tools/webhook-receiver/main.js ./
USER node
EXPOSE 3090
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.RECEIVER_PORT+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "main.js"]

# ---- operator jobs: schema migration and data generator, run from the TypeScript sources ------
FROM deps AS tools
ENV TS_NODE_PROJECT=tsconfig.base.json
COPY tsconfig.base.json ./
COPY libs ./libs
COPY tools/data-generator ./tools/data-generator
COPY deploy/tools-entrypoint.sh /usr/local/bin/cdc-tools
RUN chmod 0755 /usr/local/bin/cdc-tools && chown -R root:root /workspace
USER node
ENTRYPOINT ["cdc-tools"]
CMD ["migrate"]
