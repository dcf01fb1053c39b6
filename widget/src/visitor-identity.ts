// A verified identity the page gives before the chat loads: `user-id` and
// `user-hash` on the element, else `window.Zendo = {identify: {userId, userHash}}`
// set before widget.js ran. Shared by the peek chunk and the chat chunk.

export interface VerifiedIdentity {
  userId: string;
  /** hex HMAC-SHA256(the website's identity secret, userId), computed by the site's server. */
  userHash: string;
}

/** The element's pair wins over the preset's; half a pair is no identity. */
export function pageIdentity(element: Element, preset: unknown): VerifiedIdentity | undefined {
  return (
    pair(element.getAttribute('user-id'), element.getAttribute('user-hash')) ??
    (typeof preset === 'object' && preset
      ? pair((preset as Record<string, unknown>).userId, (preset as Record<string, unknown>).userHash)
      : undefined)
  );
}

function pair(userId: unknown, userHash: unknown): VerifiedIdentity | undefined {
  return typeof userId === 'string' && userId && typeof userHash === 'string' && userHash
    ? { userId, userHash }
    : undefined;
}
