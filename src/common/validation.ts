import { ArgumentMetadata, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { ErrorDetail, ValidationFailed } from './domain-error';

/** Deeper than any request shape of the API; class-transformer would overflow the stack long before JSON.parse does. */
const MAX_DEPTH = 16;
/** class-transformer drops these keys silently, so the whitelist never sees them: refused here like any unknown field. */
const DROPPED_KEYS = ['__proto__', 'constructor'];

/**
 * What class-validator cannot see: a NUL character (PostgreSQL text cannot hold one, so it would
 * fail as a 500 in the query), nesting deep enough to overflow the transformer, and keys the
 * transformer drops. The first problem found, or null.
 */
export function inputProblem(value: unknown, field = '', depth = 0): ErrorDetail | null {
  const name = field || 'body';
  if (typeof value === 'string') {
    return value.includes('\u0000') ? { field: name, message: `${name} must not contain NUL characters` } : null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_DEPTH) return { field: name, message: `${name} is nested too deeply` };
  for (const key of Object.keys(value)) {
    const path = field ? `${field}.${key}` : key;
    if (!Array.isArray(value) && DROPPED_KEYS.includes(key)) {
      return { field: path, message: `property ${path} should not exist` };
    }
    const problem = inputProblem((value as Record<string, unknown>)[key], path, depth + 1);
    if (problem) return problem;
  }
  return null;
}

class ZendoValidationPipe extends ValidationPipe {
  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = inputProblem(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (problem) throw new ValidationFailed([problem]);
    }
    return super.transform(value, metadata);
  }
}

function flatten(errors: ValidationError[], prefix = ''): ErrorDetail[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    // Decorators run bottom-up, so the failed constraint written first on the property is the
    // last one here: for a number where a string belongs, "must be a string", not "too long".
    const failed = Object.values(error.constraints ?? {});
    const own = failed.length ? [{ field, message: failed[failed.length - 1] }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** The one validation setup, for HTTP (global) and the gateway (its own instance). */
export function createValidationPipe(): ValidationPipe {
  return new ZendoValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => new ValidationFailed(flatten(errors)),
  });
}

/** For `:id` path parameters: anything but a UUID is a 400 in the contract's shape. */
export const UUID = new ParseUUIDPipe({
  exceptionFactory: () => new ValidationFailed([{ field: 'id', message: 'id must be a UUID' }]),
});

/** class-transformer hook: trims strings, leaves anything else for the validators to refuse. */
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
