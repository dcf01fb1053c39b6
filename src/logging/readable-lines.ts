import type { DestinationStream } from 'pino';

const LEVEL_WIDTH = 5;
/** Written as their own fields, not repeated among the rest. */
const SHOWN = new Set(['time', 'level', 'pid', 'context', 'msg', 'requestId', 'err']);

function value(v: unknown): string {
  if (typeof v === 'string') return /\s/.test(v) || v === '' ? JSON.stringify(v) : v;
  return JSON.stringify(v);
}

/**
 * One pino JSON line as one readable line: `12:00:01.123 INFO  [Context] message key=value (req …)`,
 * with an error's stack on the lines below. For development; production keeps the JSON.
 */
export function readableLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const level = String(entry.level ?? '')
    .toUpperCase()
    .padEnd(LEVEL_WIDTH);
  const context = entry.context ? `[${String(entry.context)}] ` : '';
  const rest = Object.entries(entry)
    .filter(([key]) => !SHOWN.has(key))
    .map(([key, v]) => `${key}=${value(v)}`);
  const request = entry.requestId ? ` (req ${String(entry.requestId)})` : '';
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n  ${(err.stack ?? err.message ?? '').split('\n').join('\n  ')}` : '';
  return `${time} ${level} ${context}${String(entry.msg ?? '')}${rest.length ? ` ${rest.join(' ')}` : ''}${request}${stack}\n`;
}

/** A pino destination that writes readable lines to `out`. */
export function readableLines(out: NodeJS.WritableStream): DestinationStream {
  return { write: (line: string) => void out.write(readableLine(line)) };
}
