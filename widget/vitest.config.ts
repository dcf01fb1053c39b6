import { defineConfig } from 'vitest/config';

export default defineConfig({
  define: {
    // The build replaces this with the hashed chunk name; tests never load the real chunk.
    __ZENDO_CHAT_CHUNK__: JSON.stringify('chunks/chat.js'),
  },
  test: {
    environment: 'happy-dom',
    include: ['test/unit/**/*.test.ts', 'test/budget/**/*.test.ts'],
    restoreMocks: true,
    pool: 'threads',
    maxWorkers: 2,
  },
});
