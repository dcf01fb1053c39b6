import { describe, expect, it } from 'vitest';
import { isEmailAddress } from '../../src/chat/email-address';

describe('isEmailAddress', () => {
  it('takes ordinary addresses', () => {
    for (const ok of ['ada@example.com', 'a.b+tag@mail.example.co.uk', 'jürgen@bücher.de', 'x@y.io']) {
      expect(isEmailAddress(ok), ok).toBe(true);
    }
  });

  it('catches the usual typos', () => {
    for (const bad of [
      '',
      'ada',
      'ada@',
      '@example.com',
      'ada@example',
      'ada @example.com',
      'ada@@example.com',
      'ada@example..com',
      'ada@.example.com',
    ]) {
      expect(isEmailAddress(bad), bad).toBe(false);
    }
  });

  it('refuses more than 254 characters', () => {
    expect(isEmailAddress(`${'a'.repeat(240)}@example.com`)).toBe(true);
    expect(isEmailAddress(`${'a'.repeat(243)}@example.com`)).toBe(false);
  });
});
