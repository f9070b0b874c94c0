# The bot and the ingest CLI, compiled, on the current Node LTS. Three stages: the TypeScript toolchain compiles
# src/ and ingest/ to dist/; a clean production install; the runtime image with only those two (no tsx, no
# TypeScript), running as the image's unprivileged `node` user.
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY ingest ./ingest
COPY prompts ./prompts
RUN npm run build

FROM node:26-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# --legacy-peer-deps: @qdrant/js-client-rest names `typescript` as a peer (for its type definitions only), and npm
# would otherwise install the compiler (24 MB) into production. Every other peer we need is a direct dependency.
# clean-modules then drops what a compiled runtime never reads (type definitions, docs, source maps, pdf.js's
# rendering binary and unused builds): the globs and why are in .cleanmodules. Licences stay.
COPY .cleanmodules ./
RUN npm ci --omit=dev --legacy-peer-deps --no-audit --no-fund \
 && npx --yes clean-modules@4.0.0 --yes \
 && npm cache clean --force

FROM node:26-slim
# Without a mounted reports folder the image still works: it ingests the bundled samples on first start.
ENV NODE_ENV=production \
    DATA_DIR=/data \
    REPORTS_DIR=/app/samples/reports
WORKDIR /app
COPY package.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY samples ./samples

# The unprivileged `node` user owns only the data directory.
RUN mkdir -p /data /reports && chown node:node /data
USER node
VOLUME ["/data"]

# Webhook mode listens on PORT (default 8080); long polling serves only a loopback health endpoint on it.
EXPOSE 8080
# GET http://127.0.0.1:$PORT/healthz (webhook server, or the loopback one in polling). The first start may
# ingest a large REPORTS_DIR before the bot (and its health endpoint) comes up: a long start period.
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 CMD ["node", "dist/src/cli/health.js"]

# node directly (not npm) so SIGTERM reaches the app, which finishes answers in flight (up to 60 s) before exiting.
CMD ["node", "dist/src/cli/start.js"]
