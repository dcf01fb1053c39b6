# Zendo API + widget + console, multi-stage. The runtime image runs as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# One install for the three packages (npm workspaces, one lock file); manifests first, for the layer cache.
COPY package.json package-lock.json ./
COPY widget/package.json ./widget/
COPY dashboard/package.json ./dashboard/
COPY tools/package.json ./tools/
# tools/ (tests, lints, benches) is not needed to build.
RUN npm ci --no-audit --no-fund --include-workspace-root --workspace=widget --workspace=dashboard
COPY . .
RUN npm run build && (cd widget && npm run build) && (cd dashboard && npm run build)
# The runtime keeps the API's production dependencies only: the widget and the console are built files.
RUN rm -rf node_modules && npm ci --omit=dev --workspaces=false --prefer-offline --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
RUN groupadd --system zendo && useradd --system --gid zendo --home-dir /app zendo \
 && mkdir -p /var/lib/zendo/attachments && chown -R zendo:zendo /var/lib/zendo
# Local state and attachments (compose mounts the shared attachments volume here).
ENV ZENDO_DATA_DIR=/var/lib/zendo ATTACHMENTS_DIR=/var/lib/zendo/attachments
COPY --from=build --chown=zendo:zendo /app/package.json ./
COPY --from=build --chown=zendo:zendo /app/node_modules ./node_modules
COPY --from=build --chown=zendo:zendo /app/dist ./dist
COPY --from=build --chown=zendo:zendo /app/widget/dist ./widget/dist
COPY --from=build --chown=zendo:zendo /app/dashboard/dist ./dashboard/dist
USER zendo
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))"
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
