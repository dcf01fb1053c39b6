/** Finds controls the way a person does: by the words on or beside them. */

const text = (element: Element) => element.textContent?.replace(/\s+/g, ' ').trim() ?? '';

export function button(root: HTMLElement, name: string): HTMLButtonElement {
  const found = queryButton(root, name);
  if (!found) throw new Error(`No button named "${name}" in: ${text(root)}`);
  return found;
}

export function queryButton(root: HTMLElement, name: string): HTMLButtonElement | undefined {
  return [...root.querySelectorAll('button')].find((b) => text(b) === name);
}

export function buttonNames(root: Element): string[] {
  return [...root.querySelectorAll('button')].map(text);
}

export function field<T extends HTMLElement = HTMLInputElement>(
  root: HTMLElement,
  label: string,
): T {
  const found = [...root.querySelectorAll('label')].find((l) => text(l) === label);
  const control = found?.htmlFor
    ? root.querySelector<T>(`#${found.htmlFor}`)
    : (root.querySelector<T>(`[aria-label="${label}"]`) ?? null);
  if (!control) throw new Error(`No field labelled "${label}"`);
  return control;
}

export function type(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.value = value;
  input.dispatchEvent(new Event(input instanceof HTMLSelectElement ? 'change' : 'input'));
}

export function options(select: HTMLSelectElement): string[] {
  return [...select.options].map(text);
}

export { text };
