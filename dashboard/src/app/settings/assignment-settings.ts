import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import {
  AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
} from '@angular/forms';
import { AssignmentMode, ReplyPolicy, Website } from '../core/api/api.models';
import { FieldError } from '../core/forms/field-error';
import { WebsiteSettingsForm } from '../core/forms/website-settings-form';

function capValidator(control: AbstractControl<number | null>): ValidationErrors | null {
  const value = control.value;
  if (value === null || value === undefined) return null;
  return Number.isInteger(value) && value >= 1 && value <= 1000
    ? null
    : { cap: 'Enter a whole number from 1 to 1000, or leave it empty for no limit.' };
}

/** How conversations reach agents and who may answer them, saved apart from the widget form. */
@Component({
  selector: 'zd-assignment-settings',
  imports: [ReactiveFormsModule, FieldError],
  template: `
    <h2>Assignment and replies</h2>
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      @if (error()) {
        <p class="form-error" role="alert">{{ error() }}</p>
      }
      <div formGroupName="assignment">
        <fieldset class="field">
          <legend>New conversations are assigned</legend>
          @for (mode of modes; track mode.value) {
            <label class="radio">
              <input type="radio" formControlName="mode" [value]="mode.value" />
              {{ mode.label }}
            </label>
          }
        </fieldset>
        <div class="field">
          <label for="team-cap">Most open conversations per agent</label>
          <input
            id="team-cap"
            type="number"
            inputmode="numeric"
            min="1"
            max="1000"
            step="1"
            formControlName="maxOpenPerAgent"
            aria-describedby="team-cap-hint team-cap-error"
          />
          <span class="hint" id="team-cap-hint"
            >Round robin gives nobody more than this. Leave empty for no limit.</span
          >
          <zd-field-error
            id="team-cap-error"
            [control]="form.controls.assignment.controls.maxOpenPerAgent"
            label="number"
          />
        </div>
      </div>
      <fieldset class="field">
        <legend>Who can reply</legend>
        @for (policy of policies; track policy.value) {
          <label class="radio">
            <input type="radio" formControlName="replyPolicy" [value]="policy.value" />
            {{ policy.label }}
          </label>
        }
      </fieldset>
      <button type="submit" [disabled]="busy() || !canEdit()">Save assignment settings</button>
      <span class="saved" role="status">{{ saved() }}</span>
    </form>
  `,
  styles: `
    fieldset {
      border: 0;
      padding: 0;
      margin: 0 0 0.9rem;
    }
    legend {
      padding: 0;
      margin-bottom: 0.25rem;
    }
    .radio {
      display: flex;
      align-items: baseline;
      gap: 0.4rem;
      margin: 0.2rem 0;
    }
    #team-cap {
      max-width: 10rem;
    }
    .saved {
      margin-left: 0.75rem;
      color: var(--zd-muted);
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AssignmentSettings {
  readonly website = input.required<Website>();
  readonly canEdit = input(false);

  protected readonly modes: { value: AssignmentMode; label: string }[] = [
    { value: 'manual', label: 'Manually: agents claim them or assign them to each other' },
    {
      value: 'round_robin',
      label: 'Round robin: to the online member with the fewest open conversations',
    },
  ];
  protected readonly policies: { value: ReplyPolicy; label: string }[] = [
    { value: 'anyone', label: 'Any member' },
    {
      value: 'assignee',
      label: 'Only the assignee (a reply to an unassigned conversation claims it)',
    },
  ];
  private readonly fb = inject(NonNullableFormBuilder);
  protected readonly form = this.fb.group({
    assignment: this.fb.group({
      mode: ['manual' as AssignmentMode],
      maxOpenPerAgent: this.fb.control<number | null>(null, capValidator),
    }),
    replyPolicy: ['anyone' as ReplyPolicy],
  });
  private readonly settings = new WebsiteSettingsForm(this.form, {
    website: this.website,
    canEdit: this.canEdit,
    fill: (website) => this.fill(website),
  });
  protected readonly busy = this.settings.busy;
  protected readonly error = this.settings.error;
  protected readonly saved = this.settings.saved;

  protected submit(): Promise<void> {
    return this.settings.save(() => {
      const { assignment, replyPolicy } = this.form.getRawValue();
      return {
        assignment: { mode: assignment.mode, maxOpenPerAgent: assignment.maxOpenPerAgent ?? null },
        replyPolicy,
      };
    }, 'Assignment settings saved.');
  }

  private fill(website: Website): void {
    this.form.reset({
      assignment: {
        mode: website.assignment?.mode ?? 'manual',
        maxOpenPerAgent: website.assignment?.maxOpenPerAgent ?? null,
      },
      replyPolicy: website.replyPolicy ?? 'anyone',
    });
  }
}
