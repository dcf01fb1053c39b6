import { shortcutFor, stepFrom } from './inbox-shortcuts';

describe('inbox shortcuts', () => {
  const press = (
    key: string,
    target: EventTarget = document.body,
    init: KeyboardEventInit = {},
  ) => {
    const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init });
    Object.defineProperty(event, 'target', { value: target });
    return shortcutFor(event);
  };

  it('maps the keys to their actions', () => {
    expect(['j', 'k', 'e', 'c', '/', '?'].map((key) => press(key))).toEqual([
      'next',
      'previous',
      'close',
      'claim',
      'search',
      'help',
    ]);
    expect(press('x')).toBeNull();
  });

  it('leaves keys alone while typing, with a modifier, or inside a dialog', () => {
    const input = document.createElement('input');
    const textarea = document.createElement('textarea');
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    document.body.append(editable);
    const dialog = document.createElement('dialog');
    dialog.setAttribute('open', '');
    const inDialog = document.createElement('button');
    dialog.append(inDialog);
    const closedDialog = document.createElement('dialog');
    const inClosedDialog = document.createElement('button');
    closedDialog.append(inClosedDialog);
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    expect(press('j', input)).toBeNull();
    expect(press('e', textarea)).toBeNull();
    expect(press('c', editable)).toBeNull();
    expect(press('j', inDialog)).toBeNull();
    // Focus left behind in a dialog that has closed must not swallow the next shortcut.
    expect(press('/', inClosedDialog)).toBe('search');
    expect(press('k', document.body, { ctrlKey: true })).toBeNull();
    expect(press('j', checkbox)).toBe('next');
    editable.remove();
  });

  it('steps through the list, starting at an end when none is open and stopping at the other', () => {
    const ids = ['a', 'b', 'c'];
    expect(stepFrom(ids, null, 1)).toBe('a');
    expect(stepFrom(ids, null, -1)).toBe('c');
    expect(stepFrom(ids, 'a', 1)).toBe('b');
    expect(stepFrom(ids, 'b', -1)).toBe('a');
    expect(stepFrom(ids, 'c', 1)).toBeNull();
    expect(stepFrom([], null, 1)).toBeNull();
  });
});
