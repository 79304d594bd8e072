# syntax=docker/dockerfile:1
# One image for every service. Services run their TypeScript sources through @swc-node/register (a runtime
# dependency), so there is no build step: the image holds production node_modules and the sources.
# The service is chosen by the command: the default runs intel-exchange; another service passes
#   --require ./libs/telemetry/src/register.ts apps/<service>/src/main.ts
# and one-shot tools pass a script, e.g. scripts/create-topics.ts.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# tini as PID 1 forwards SIGTERM to node and reaps zombies, so `docker stop` and pod termination shut down cleanly.
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    SWC_NODE_PROJECT=tsconfig.base.json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.base.json ./
COPY libs ./libs
COPY apps ./apps
COPY scripts ./scripts
# The OASIS STIX 2.1 schemas: intel-exchange validates uploaded bundles with them (apps/intel-exchange/src/stix).
COPY standards/stix2.1/schemas ./standards/stix2.1/schemas
# Numeric uid (the image's `node` user) so that Kubernetes can verify runAsNonRoot. Sources stay root-owned: read-only.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--require", "@swc-node/register"]
CMD ["--require", "./libs/telemetry/src/register.ts", "apps/intel-exchange/src/main.ts"]
