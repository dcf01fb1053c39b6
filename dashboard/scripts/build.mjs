// Builds the console for production through Angular's Architect, the builder runner `ng build`
// uses, so the build needs @angular/build but not the Angular CLI (the CLI, with its schematics
// and package-manager tooling, stays for `ng test` and `ng serve`, which `make up` does not run).
import { Architect } from '@angular-devkit/architect';
import { WorkspaceNodeModulesArchitectHost } from '@angular-devkit/architect/node/index.js';
import { logging, schema, workspaces } from '@angular-devkit/core';
import { NodeJsSyncHost } from '@angular-devkit/core/node/index.js';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const { workspace } = await workspaces.readWorkspace(
  root,
  workspaces.createWorkspaceHost(new NodeJsSyncHost()),
);
const registry = new schema.CoreSchemaRegistry();
registry.addPostTransform(schema.transforms.addUndefinedDefaults);
registry.useXDeprecatedProvider((message) => console.warn(message));
const architect = new Architect(new WorkspaceNodeModulesArchitectHost(workspace, root), registry);

const logger = new logging.Logger('build');
logger.subscribe(({ level, message }) =>
  (level === 'error' || level === 'fatal' ? console.error : console.log)(message),
);
const run = await architect.scheduleTarget(
  { project: 'dashboard', target: 'build' },
  {},
  { logger },
);
const { success } = await run.result;
await run.stop();
process.exit(success ? 0 : 1);
