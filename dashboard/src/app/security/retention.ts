import { AbstractControl, ValidationErrors } from '@angular/forms';

export const RETENTION_MAX_DAYS = 3650;

/** Empty keeps conversations forever; otherwise a whole number of days. */
export function retentionValidator(control: AbstractControl<string>): ValidationErrors | null {
  return parseRetention(control.value) === undefined
    ? {
        retention: `Enter a whole number of days from 1 to ${RETENTION_MAX_DAYS}, or leave it empty to keep conversations forever.`,
      }
    : null;
}

/** The field's text as the API's `retentionDays`: null for empty, undefined when not valid. */
export function parseRetention(value: string): number | null | undefined {
  const text = String(value ?? '').trim();
  if (!text) return null;
  if (!/^\d+$/.test(text)) return undefined;
  const days = Number(text);
  return days >= 1 && days <= RETENTION_MAX_DAYS ? days : undefined;
}
