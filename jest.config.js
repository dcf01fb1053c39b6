/**
 * The test tiers, each against real services where it needs them:
 * - unit: pure rules and mechanisms beside the code (src/**\/*.spec.ts), no database;
 * - integration: repositories and the schema against a real PostgreSQL (test/integration);
 * - e2e: the running application over HTTP and Socket.IO, with PostgreSQL and Redis (test/e2e);
 * - browser: the widget and the console in Chromium against the running application (test/browser).
 * `npx jest --selectProjects unit` (or integration, e2e, browser) runs one tier.
 */
const base = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  slowTestThreshold: 20,
};

module.exports = {
  // One template database per run, migrated from zero; each spec file copies it.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...base, displayName: 'integration', testMatch: ['<rootDir>/test/integration/**/*.int-spec.ts'] },
    { ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'] },
    { ...base, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
