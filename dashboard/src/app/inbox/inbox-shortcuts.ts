export type ShortcutAction = 'next' | 'previous' | 'close' | 'claim' | 'search' | 'help';

/** What the inbox's keys do, in the order the help dialog lists them. */
export const SHORTCUTS: { keys: string; action: ShortcutAction; description: string }[] = [
  { keys: 'j', action: 'next', description: 'Next conversation' },
  { keys: 'k', action: 'previous', description: 'Previous conversation' },
  { keys: 'e', action: 'close', description: 'Close the open conversation' },
  { keys: 'c', action: 'claim', description: 'Claim the open conversation' },
  { keys: '/', action: 'search', description: 'Search conversations' },
  { keys: '?', action: 'help', description: 'Show these shortcuts' },
];

const BY_KEY = new Map(SHORTCUTS.map((s) => [s.keys, s.action]));

/** Whether the key lands where the agent is writing, where letters must stay letters. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (
    target.isContentEditable ||
    target.closest('[contenteditable=""], [contenteditable="true"]')
  ) {
    return true;
  }
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target as HTMLInputElement).type;
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'file', 'range', 'color'].includes(
    type,
  );
}

/** The shortcut a key press asks for; none while typing, with a modifier, or inside an open dialog. */
export function shortcutFor(event: KeyboardEvent): ShortcutAction | null {
  if (event.defaultPrevented || event.isComposing) return null;
  if (event.ctrlKey || event.metaKey || event.altKey) return null;
  if (isTypingTarget(event.target)) return null;
  if (event.target instanceof Element && event.target.closest('dialog[open]')) return null;
  return BY_KEY.get(event.key) ?? null;
}

/** The conversation `step` away from the open one in `ids`; the first one when none is open. */
export function stepFrom(ids: string[], activeId: string | null, step: 1 | -1): string | null {
  if (!ids.length) return null;
  const at = activeId ? ids.indexOf(activeId) : -1;
  if (at === -1) return step === 1 ? ids[0] : ids[ids.length - 1];
  const next = at + step;
  return next >= 0 && next < ids.length ? ids[next] : null;
}
