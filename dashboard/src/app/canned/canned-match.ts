import { CannedResponse } from '../core/api/api.models';

/** Typos are forgiven only from this many typed characters: one edit off "a" is everything. */
const TYPO_MIN_LENGTH = 3;

/** Whether `a` becomes `b` by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  return shorter.slice(i) === longer.slice(i + 1);
}

/** Whether every character of `query` occurs in `text` in order ("rfd" in "refund"). */
export function isSubsequence(query: string, text: string): boolean {
  let at = 0;
  for (const char of text) {
    if (char === query[at]) at++;
    if (at === query.length) return true;
  }
  return at === query.length;
}

/** Whether `query` is a typo of the shortcut or of the part of it typed so far. */
function typoOfShortcut(query: string, shortcut: string): boolean {
  if (query.length < TYPO_MIN_LENGTH) return false;
  for (let length = query.length - 1; length <= query.length + 1; length++) {
    if (length <= shortcut.length && withinOneEdit(query, shortcut.slice(0, length))) return true;
  }
  return false;
}

/**
 * How well a response answers what was typed after the slash; higher is better, null is no match.
 * The shortcut counts most (exact, start, inside, a typo of it, its letters in order), then the
 * title, then the body.
 */
export function matchScore(rawQuery: string, response: CannedResponse): number | null {
  const query = rawQuery.trim().toLowerCase();
  const shortcut = response.shortcut.toLowerCase();
  if (!query) return 1;
  const title = (response.title ?? '').toLowerCase();
  const body = response.body.toLowerCase();
  if (shortcut === query) return 1000;
  if (shortcut.startsWith(query)) return 900 - (shortcut.length - query.length);
  if (shortcut.includes(query)) return 700;
  if (typoOfShortcut(query, shortcut)) return 600;
  if (title.split(/\s+/).some((word) => word.startsWith(query))) return 500;
  if (title.includes(query)) return 450;
  if (isSubsequence(query, shortcut)) return 400;
  if (body.includes(query)) return 300;
  if (query.length >= TYPO_MIN_LENGTH && title.split(/\s+/).some((w) => withinOneEdit(query, w))) {
    return 200;
  }
  if (isSubsequence(query, title)) return 100;
  return null;
}

/** The responses that match, best first; equally good ones by shortcut. */
export function rankResponses(query: string, responses: CannedResponse[]): CannedResponse[] {
  return responses
    .map((response) => ({ response, score: matchScore(query, response) }))
    .filter((entry): entry is { response: CannedResponse; score: number } => entry.score !== null)
    .sort((a, b) => b.score - a.score || a.response.shortcut.localeCompare(b.response.shortcut))
    .map((entry) => entry.response);
}
