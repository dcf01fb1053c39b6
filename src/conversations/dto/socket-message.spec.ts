import { randomUUID } from 'node:crypto';
import { DomainError } from '../../common/domain-error';
import { createValidationPipe } from '../../common/validation';
import { SocketMessageDto } from './conversation.dto';
import { parseSocketMessage } from './socket-message';

const pipe = createValidationPipe();

async function byPipe(payload: unknown) {
  try {
    const dto = (await pipe.transform(payload, { type: 'body', metatype: SocketMessageDto })) as SocketMessageDto;
    return { ok: { ...dto } };
  } catch (error) {
    const e = error as DomainError;
    return { error: { code: e.code, message: e.message, details: e.details } };
  }
}

function byHand(payload: unknown) {
  try {
    return { ok: { ...parseSocketMessage(payload) } };
  } catch (error) {
    const e = error as DomainError;
    return { error: { code: e.code, message: e.message, details: e.details } };
  }
}

const id = randomUUID();
const good = { conversationId: id, body: 'hello', clientMessageId: randomUUID() };
const deep: Record<string, unknown> = {};
let cursor = deep;
for (let i = 0; i < 20; i++) cursor = cursor.x = {} as Record<string, unknown>;

const cases: [string, unknown][] = [
  ['good', good],
  ['padded body', { ...good, body: '  hi \n' }],
  ['longest body', { ...good, body: 'x'.repeat(5000) }],
  ['long body with spaces around', { ...good, body: ` ${'x'.repeat(5000)} ` }],
  ['uppercase uuids', { ...good, conversationId: id.toUpperCase() }],
  ['nil uuid', { ...good, clientMessageId: '00000000-0000-0000-0000-000000000000' }],
  ['empty object', {}],
  ['no body', { conversationId: id, clientMessageId: randomUUID() }],
  ['empty body', { ...good, body: '' }],
  ['blank body', { ...good, body: ' \t ' }],
  ['body too long', { ...good, body: 'x'.repeat(5001) }],
  ['body a number', { ...good, body: 42 }],
  ['body an array', { ...good, body: ['x'] }],
  ['body an object', { ...good, body: { text: 'x' } }],
  ['body null', { ...good, body: null }],
  ['body with NUL', { ...good, body: 'a\u0000b' }],
  ['bad conversationId', { ...good, conversationId: 'not-a-uuid' }],
  ['numeric conversationId', { ...good, conversationId: 12 }],
  ['bad clientMessageId', { ...good, clientMessageId: 'nope' }],
  ['uuid with a bad variant', { ...good, clientMessageId: '6f1c3f4e-0000-4000-0000-000000000000' }],
  ['extra field', { ...good, extra: 1 }],
  ['two extra fields', { ...good, extra: 1, more: 2 }],
  ['everything wrong', { body: 1, clientMessageId: 2, conversationId: 3, x: 4 }],
  ['__proto__ key', JSON.parse(`{"conversationId":"${id}","body":"x","clientMessageId":"${id}","__proto__":{"a":1}}`)],
  ['nested too deep', { ...good, extra: deep }],
  ['a string', 'a string'],
  ['a number', 42],
  ['null', null],
  ['undefined', undefined],
  ['an array', [good]],
  ['true', true],
];

describe('parseSocketMessage', () => {
  it.each(cases)('%s: answers as the ValidationPipe does', async (_name, payload) => {
    expect(byHand(payload)).toEqual(await byPipe(payload));
  });

  it('trims the body', () => {
    expect(parseSocketMessage({ ...good, body: '  hi  ' }).body).toBe('hi');
  });
});
