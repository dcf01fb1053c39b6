import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { AbstractControl } from '@angular/forms';
import { map, startWith, switchMap } from 'rxjs';

/** The message under a field, in words, once the agent has left it or tried to submit. */
@Component({
  selector: 'zd-field-error',
  template: `@if (message(); as text) {
    <p class="field-error">{{ text }}</p>
  }`,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class FieldError {
  readonly control = input.required<AbstractControl>();
  readonly label = input('value');

  // Control state is not a signal; its event stream is what tells an OnPush view to update.
  private readonly state = toSignal(
    toObservable(this.control).pipe(
      switchMap((control) =>
        control.events.pipe(
          startWith(null),
          map(() => (control.touched ? control.errors : null)),
        ),
      ),
    ),
    { initialValue: null },
  );

  protected readonly message = computed(() => {
    const errors = this.state();
    if (!errors) return '';
    // Validators that know better words (the server, origins) put them in the error itself.
    const worded = Object.values(errors).find((value) => typeof value === 'string');
    if (typeof worded === 'string') return worded;
    if (errors['required']) return `Enter your ${this.label()}.`;
    if (errors['email']) return 'Enter a valid email address.';
    const min = errors['minlength'] as { requiredLength: number } | undefined;
    if (min) return `Use at least ${min.requiredLength} characters.`;
    const max = errors['maxlength'] as { requiredLength: number } | undefined;
    if (max) return `Use at most ${max.requiredLength} characters.`;
    return `Check this ${this.label()}.`;
  });
}
