import { AbstractControl, ValidationErrors } from '@angular/forms';

const ORIGIN = /^https?:\/\/[^/\s?#]+$/i;

/** One origin per line (commas also accepted), without trailing slashes or blanks. */
export function parseOrigins(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((line) => line.trim().replace(/\/+$/, ''))
    .filter(Boolean);
}

export function originsValidator(control: AbstractControl<string>): ValidationErrors | null {
  const invalid = parseOrigins(control.value ?? '').filter((origin) => !ORIGIN.test(origin));
  return invalid.length
    ? { origins: `Not an origin: ${invalid.join(', ')}. Use the form https://example.com.` }
    : null;
}
