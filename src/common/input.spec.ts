import { z } from 'zod';
import { email, parseInput, queryInt, text, uuid } from './input';

const Signup = z.strictObject({ email: email(), name: text(5), id: uuid().optional() });
const Query = z.strictObject({ limit: queryInt(1, 200, 'limit must be an integer from 1 to 200').optional() });

function problems(schema: z.ZodType, value: unknown) {
  try {
    parseInput(schema, value);
    return [];
  } catch (error) {
    return (error as { details: unknown[] }).details;
  }
}

describe('parseInput', () => {
  it('gives back the parsed value: trimmed text, converted query integers', () => {
    expect(parseInput(Signup, { email: ' a@example.com ', name: ' Ann ' })).toEqual({
      email: 'a@example.com',
      name: 'Ann',
    });
    expect(parseInput(Query, { limit: '20' })).toEqual({ limit: 20 });
  });

  it('names every problem, one detail per field, in words with the field in them', () => {
    expect(problems(Signup, { email: 'nope', name: '      ', id: 'x', role: 'owner' })).toEqual([
      { field: 'email', message: 'email must be an email address' },
      { field: 'name', message: 'name must not be empty' },
      { field: 'id', message: 'id must be a UUID' },
      { field: 'role', message: 'property role should not exist' },
    ]);
    expect(problems(Signup, { email: 42, name: 'x'.repeat(6) })).toEqual([
      { field: 'email', message: 'email must be a string' },
      { field: 'name', message: 'name must be shorter than or equal to 5 characters' },
    ]);
  });

  it('refuses what is not an object as the body', () => {
    expect(problems(Signup, 'hello')).toEqual([{ field: 'body', message: 'body must be an object' }]);
    expect(problems(Signup, null)).toEqual([{ field: 'body', message: 'body must be an object' }]);
  });

  it.each(['abc', '1.5', '-1', '', '0', '201', '1e2', ' 5'])('refuses the query integer %j', (limit) => {
    expect(problems(Query, { limit })).toEqual([{ field: 'limit', message: 'limit must be an integer from 1 to 200' }]);
  });

  it('refuses NUL characters, prototype keys and deep nesting before the schema sees them', () => {
    expect(problems(Signup, { email: 'a@example.com', name: 'A\u0000' })).toEqual([
      { field: 'name', message: 'name must not contain NUL characters' },
    ]);
    expect(problems(Signup, JSON.parse('{"__proto__": {"x": 1}}'))).toEqual([
      { field: '__proto__', message: 'property __proto__ should not exist' },
    ]);
    let deep: unknown = 'x';
    for (let i = 0; i < 20; i++) deep = { a: deep };
    expect(problems(Signup, deep)).toEqual([
      { field: expect.any(String), message: expect.stringMatching(/nested too deeply/) },
    ]);
  });
});
