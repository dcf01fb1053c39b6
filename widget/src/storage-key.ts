/** Where the widget keeps a visitor's state in localStorage: `zendo:<websiteKey>:<name>`. */
export const storageKey = (websiteKey: string, name: string) => `zendo:${websiteKey}:${name}`;
