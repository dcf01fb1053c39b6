# Zendo: the single entry point. `make up` on a fresh clone ends with a healthy server.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# --prefer-offline: the lock pins every version, so cached registry metadata is taken without asking again.
# SCARF_ANALYTICS=false: swagger-ui's install-time analytics call, 2.4 s of an install, is skipped.
NPM_CI := SCARF_ANALYTICS=false npm ci --prefer-offline --no-audit --no-fund --loglevel=error

.PHONY: help up build build-outputs start migrate-up migrate-down reset-db test lint lint-api lint-compose bench chaos deps

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

# The migrations run as soon as the API is built, beside the console's build (the longest), so
# the start that follows finds nothing pending and only opens the database.
up: node_modules/.installed-build ## install, build everything, migrate, serve on $$PORT (default 3000)
	@$(MAKE) --no-print-directory -j3 --output-sync=target build-outputs migrate-up
	@$(MAKE) --no-print-directory start

# One install, one lock (npm workspaces: the root, widget/, dashboard/ and tools/ share one
# node_modules). tools/ holds what only the tests, lints and benches need; the build needs none
# of it, so `make up` installs without it (598 packages of 1,240) and `make test`, `lint`,
# `bench` and `chaos` install everything. Each runs again only when a manifest or the lock changed.
MANIFESTS := package-lock.json package.json widget/package.json dashboard/package.json tools/package.json
node_modules/.installed-build: $(MANIFESTS)
	@if [ -f node_modules/.installed ] && [ -z "$$(find $(MANIFESTS) -newer node_modules/.installed)" ]; then :; \
	else set -x; $(NPM_CI) --include-workspace-root --workspace=widget --workspace=dashboard; fi
	@touch $@

node_modules/.installed: $(MANIFESTS)
	$(NPM_CI)
	@touch $@ node_modules/.installed-build

deps: node_modules/.installed ## install everything: the API, the widget, the console and the test tools

# Each build runs only when its inputs changed (targets are the builds' own last outputs);
# `make build` runs the three side by side. The install is order-only: a reinstall of the same
# lock (make test after make up) does not rebuild; a changed lock does, through MANIFESTS.
API_OUT := dist/src/main.js
WIDGET_OUT := widget/dist/manifest.json
CONSOLE_OUT := dashboard/dist/browser/index.html.br
API_IN := $(shell find src migrations 2>/dev/null) ormconfig.ts tsconfig.json tsconfig.build.json
WIDGET_IN := $(shell find widget/src widget/scripts 2>/dev/null) widget/tsconfig.json
CONSOLE_IN := $(shell find dashboard/src dashboard/public dashboard/scripts 2>/dev/null) \
  dashboard/angular.json dashboard/tsconfig.json dashboard/tsconfig.app.json

$(API_OUT): $(API_IN) $(MANIFESTS) | node_modules/.installed-build
	npm run --silent build
	@touch $@

$(WIDGET_OUT): $(WIDGET_IN) $(MANIFESTS) | node_modules/.installed-build
	cd widget && npm run --silent build
	@touch $@

$(CONSOLE_OUT): $(CONSOLE_IN) $(MANIFESTS) | node_modules/.installed-build
	cd dashboard && npm run --silent build
	@touch $@

build: node_modules/.installed-build ## install and build the API, the widget and the console
	@$(MAKE) --no-print-directory -j3 --output-sync=target build-outputs

build-outputs: $(API_OUT) $(WIDGET_OUT) $(CONSOLE_OUT)
	@:

start: ## migrate, then serve in the foreground (embedded PostgreSQL unless DATABASE_URL is set)
	node dist/src/main.js

migrate-up: $(API_OUT) ## apply pending migrations
	node dist/src/cli/migrate.js up

migrate-down: $(API_OUT) ## revert the last migration
	node dist/src/cli/migrate.js down

reset-db: $(API_OUT) ## drop everything, migrate from zero
	node dist/src/cli/migrate.js reset

lint: node_modules/.installed ## type-check (the build only emits), eslint + prettier
	npm run --silent lint

# The document is made from the built app's modules in preview mode: no server, database or Redis.
lint-api: node_modules/.installed ## lint the OpenAPI document with redocly (after make build)
	node dist/src/cli/openapi.js dist/openapi.json
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint --format=stylish dist/openapi.json

# `docker compose` (v2) or `docker-compose` (v1), whichever is installed; none: the check is skipped.
COMPOSE := $(shell if docker compose version >/dev/null 2>&1; then echo docker compose; \
  elif command -v docker-compose >/dev/null 2>&1; then echo docker-compose; fi)
# Secrets only for the check; .env.example leaves them empty so nothing weak can be started by accident.
COMPOSE_CHECK_ENV := JWT_SECRET=check-$(shell printf '%032d' 0) POSTGRES_PASSWORD=check REDIS_PASSWORD=check

lint-compose: ## validate docker-compose.yml with .env.example (when a compose client is installed)
ifeq ($(COMPOSE),)
	@echo "lint-compose: no docker compose client, skipped"
else
	$(COMPOSE_CHECK_ENV) $(COMPOSE) --env-file .env.example config -q
	@# Without the secrets compose must refuse, naming the variable.
	@if env -u JWT_SECRET -u POSTGRES_PASSWORD -u REDIS_PASSWORD $(COMPOSE) --env-file .env.example config -q 2>/dev/null; then \
	  echo "lint-compose: docker-compose.yml starts without JWT_SECRET, POSTGRES_PASSWORD or REDIS_PASSWORD" >&2; exit 1; fi
endif

test: node_modules/.installed build lint lint-api lint-compose ## every test tier: unit, e2e against PostgreSQL/Redis, widget, console, browsers
	npx jest --runInBand
	cd widget && npm test --silent
	cd widget && npm run --silent test:browser
	cd dashboard && npm run --silent lint
	cd dashboard && npm test --silent

bench: node_modules/.installed build ## the benchmark; prints the summary table
	@if [ -f bench/run.ts ]; then npx ts-node --transpile-only bench/run.ts; else echo "no benchmark yet"; fi

chaos: node_modules/.installed $(API_OUT) ## the fault suite: 3 instances, Redis and PostgreSQL faults under load; prints the table
	npx ts-node --transpile-only chaos/run.ts
