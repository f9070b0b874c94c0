# The bot (and the ingest CLI) on Node 20. tsx is a production dependency — the app runs its TypeScript
# directly — so `npm ci --omit=dev` installs everything needed at run time and nothing more.
FROM node:20-slim

# Without a mounted reports folder the image still works: it ingests the bundled samples on first start.
ENV NODE_ENV=production \
    DATA_DIR=/data \
    REPORTS_DIR=/app/samples/reports

WORKDIR /app

COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY tsconfig.json ./
COPY src ./src
COPY ingest ./ingest
COPY prompts ./prompts
COPY samples ./samples

# Run as the image's unprivileged `node` user; it owns only the data directory.
RUN mkdir -p /data /reports && chown node:node /data
USER node
VOLUME ["/data"]

# Webhook mode listens here (BOT_MODE=webhook); long polling needs no port.
EXPOSE 8080

# node directly (not npm) so SIGTERM reaches the app, which finishes answers in flight before exiting.
CMD ["node", "--import", "tsx", "src/cli/start.ts"]
