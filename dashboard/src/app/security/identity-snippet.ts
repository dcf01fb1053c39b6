/** How a site's server computes `userHash` for `Zendo.identify`, in Node. */
export const IDENTITY_SNIPPET = `import { createHmac } from 'node:crypto';

// On your server, never in the browser: the secret must stay private.
const userHash = createHmac('sha256', process.env.ZENDO_IDENTITY_SECRET)
  .update(user.id)
  .digest('hex');

// In the page, for the signed-in user:
// Zendo.identify({ userId: user.id, name: user.name, email: user.email, userHash });`;
