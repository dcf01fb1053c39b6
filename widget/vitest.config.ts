import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: {
    // The build replaces these with hashed chunk names; tests never load the real chunks.
    __ZENDO_CHAT_CHUNK__: JSON.stringify('chunks/chat.js'),
    __ZENDO_PEEK_CHUNK__: JSON.stringify('chunks/peek.js'),
  },
  test: {
    environment: 'happy-dom',
    include: ['test/unit/**/*.test.ts', 'test/budget/**/*.test.ts'],
    restoreMocks: true,
    pool: 'threads',
    maxWorkers: 2,
  },
});
