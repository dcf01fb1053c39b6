# Zendo API + widget + console, multi-stage. The runtime image runs as a non-root user.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY widget/package.json widget/package-lock.json* ./widget/
COPY dashboard/package.json dashboard/package-lock.json* ./dashboard/
RUN if [ -f widget/package.json ]; then cd widget && npm ci --no-audit --no-fund; fi \
 && if [ -f dashboard/package.json ]; then cd dashboard && npm ci --no-audit --no-fund; fi
COPY . .
RUN npx nest build \
 && if [ -f widget/package.json ]; then cd widget && npm run build; fi \
 && if [ -f dashboard/package.json ]; then cd dashboard && npm run build; fi
RUN npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production PORT=3000
WORKDIR /app
RUN groupadd --system zendo && useradd --system --gid zendo --home-dir /app zendo
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
