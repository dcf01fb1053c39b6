# Zendo: the single entry point. `make up` on a fresh clone ends with a healthy server.
SHELL := /bin/bash
.DEFAULT_GOAL := help
NPM_CI := npm ci --no-audit --no-fund --loglevel=error

.PHONY: help up build start migrate-up migrate-down reset-db test lint lint-api bench chaos deps

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

up: build start ## install, build everything, migrate, serve on $$PORT (default 3000)

# Installs run only when a lock file changed, so `make build` is cheap the second time.
node_modules/.installed: package-lock.json
	$(NPM_CI)
	@touch $@

widget/node_modules/.installed: widget/package-lock.json
	cd widget && $(NPM_CI)
	@touch $@

dashboard/node_modules/.installed: dashboard/package-lock.json
	cd dashboard && $(NPM_CI)
	@touch $@

deps: node_modules/.installed widget/node_modules/.installed dashboard/node_modules/.installed

build: deps ## install and build the API, the widget and the console
	npx nest build
	cd widget && npm run --silent build
	cd dashboard && npm run --silent build

start: ## migrate, then serve in the foreground (embedded PostgreSQL unless DATABASE_URL is set)
	node dist/src/main.js

migrate-up: node_modules/.installed ## apply pending migrations
	npx nest build
	node dist/src/cli/migrate.js up

migrate-down: node_modules/.installed ## revert the last migration
	npx nest build
	node dist/src/cli/migrate.js down

reset-db: node_modules/.installed ## drop everything, migrate from zero
	npx nest build
	node dist/src/cli/migrate.js reset

lint: node_modules/.installed ## eslint + prettier
	npm run --silent lint

# The document is made from the built app's modules in preview mode: no server, database or Redis.
lint-api: node_modules/.installed ## lint the OpenAPI document with redocly (after make build)
	node dist/src/cli/openapi.js dist/openapi.json
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true npx redocly lint --format=stylish dist/openapi.json

test: build lint lint-api ## every test tier: unit, e2e against PostgreSQL/Redis, widget, console, browsers
	npx jest --runInBand
	cd widget && npm test --silent
	cd widget && npm run --silent test:browser
	cd dashboard && npm run --silent lint
	cd dashboard && npm test --silent

bench: build ## the benchmark; prints the summary table
	@if [ -f bench/run.ts ]; then npx ts-node --transpile-only bench/run.ts; else echo "no benchmark yet"; fi

chaos: node_modules/.installed ## the fault suite: 3 instances, Redis and PostgreSQL faults under load; prints the table
	npx nest build
	npx ts-node --transpile-only chaos/run.ts
