import { describe, expect, it, vi } from 'vitest';
import { newClientMessageId } from '../../src/chat/client-message-id';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('newClientMessageId', () => {
  it('uses crypto.randomUUID when the page has it', () => {
    const randomUUID = vi.fn(() => '6f1c2a4e-0b7d-4c1e-9a55-3d2f1e0c9b8a' as const);
    expect(newClientMessageId({ randomUUID } as unknown as Crypto)).toBe('6f1c2a4e-0b7d-4c1e-9a55-3d2f1e0c9b8a');
  });

  it('builds a v4 UUID from getRandomValues on insecure pages, where randomUUID is missing', () => {
    const getRandomValues = vi.fn(<T extends ArrayBufferView>(array: T) => {
      (array as unknown as Uint8Array).fill(0xff);
      return array;
    });
    const id = newClientMessageId({ getRandomValues } as unknown as Crypto);
    expect(getRandomValues).toHaveBeenCalledOnce();
    expect(id).toMatch(UUID_V4);
    expect(id).toBe('ffffffff-ffff-4fff-bfff-ffffffffffff');
  });

  it('gives different ids from real randomness', () => {
    const fallback = { getRandomValues: crypto.getRandomValues.bind(crypto) } as Crypto;
    const ids = new Set(Array.from({ length: 50 }, () => newClientMessageId(fallback)));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(UUID_V4);
  });
});
