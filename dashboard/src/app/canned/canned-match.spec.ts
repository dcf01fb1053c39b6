import { CannedResponse } from '../core/api/api.models';
import { isSubsequence, matchScore, rankResponses, withinOneEdit } from './canned-match';

function canned(shortcut: string, title: string | null, body: string): CannedResponse {
  return {
    id: `cr-${shortcut}`,
    shortcut,
    title,
    body,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

const refund = canned('refund', 'Refund policy', 'Refunds take 5 days, {{visitor.name}}.');
const shipping = canned('shipping', 'Where is my order', 'Orders ship within 2 days.');
const hello = canned('hi', 'Greeting', 'Hello {{visitor.name | there}}!');
const all = [shipping, hello, refund];
const shortcuts = (query: string) => rankResponses(query, all).map((r) => r.shortcut);

describe('withinOneEdit', () => {
  it.each([
    ['refund', 'refund'],
    ['refnd', 'refund'],
    ['reffund', 'refund'],
    ['rafund', 'refund'],
    ['rfeund', 'refund'],
  ])('counts %s as one edit from %s', (a, b) => {
    expect(withinOneEdit(a, b)).toBe(true);
    expect(withinOneEdit(b, a)).toBe(true);
  });

  it.each([
    ['rfnd', 'refund'],
    ['abc', 'xyz'],
    ['refunds!', 'refund'],
  ])('refuses %s against %s', (a, b) => {
    expect(withinOneEdit(a, b)).toBe(false);
  });
});

describe('isSubsequence', () => {
  it('finds letters in order only', () => {
    expect(isSubsequence('rfd', 'refund')).toBe(true);
    expect(isSubsequence('dfr', 'refund')).toBe(false);
    expect(isSubsequence('', 'x')).toBe(true);
  });
});

describe('rankResponses', () => {
  it('lists everything by shortcut when nothing is typed', () => {
    expect(shortcuts('')).toEqual(['hi', 'refund', 'shipping']);
  });

  it('puts an exact or starting shortcut first', () => {
    expect(shortcuts('ref')[0]).toBe('refund');
    expect(shortcuts('refund')[0]).toBe('refund');
    expect(shortcuts('SHIP')[0]).toBe('shipping');
  });

  it('forgives a typo in the shortcut', () => {
    expect(shortcuts('refnud')).toContain('refund');
    expect(shortcuts('rfe')).toContain('refund');
    expect(shortcuts('shiping')).toContain('shipping');
  });

  it('matches words of the title and text of the body', () => {
    expect(shortcuts('order')).toEqual(['shipping']);
    expect(shortcuts('greet')).toEqual(['hi']);
    expect(shortcuts('5 days')).toEqual(['refund']);
  });

  it('ranks a shortcut match above a body match', () => {
    const body = canned('zz', null, 'about a refund');
    expect(rankResponses('refund', [body, refund]).map((r) => r.shortcut)).toEqual([
      'refund',
      'zz',
    ]);
  });

  it('finds nothing for unrelated text', () => {
    expect(shortcuts('xylophone')).toEqual([]);
  });

  it('does not take a single letter one edit away for a match', () => {
    expect(matchScore('q', hello)).toBeNull();
  });
});
