import type { AbstractControl, FormGroup } from '@angular/forms';
import { ApiError } from '../api/api-error';

/**
 * Puts validation details on the matching controls and returns the message for the form as a
 * whole, so a field named by the server shows its message where the agent is looking.
 */
export function applyServerErrors(form: FormGroup, error: unknown): string {
  const apiError = ApiError.from(error);
  let unmatched = false;
  for (const detail of apiError.details) {
    const control: AbstractControl | null = form.get(detail.field);
    if (control) {
      control.setErrors({ server: detail.message });
      control.markAsTouched();
    } else {
      unmatched = true;
    }
  }
  return apiError.details.length && !unmatched ? '' : apiError.message;
}
