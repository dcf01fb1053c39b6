/** The PresenceStore provider (Redis or memory, chosen by REDIS_URL). */
export const PRESENCE_STORE_TOKEN = Symbol('PRESENCE_STORE');
