import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, queryButton, text, type } from '../../testing/dom';
import { settle, website } from '../../testing/factories';
import { Website } from '../core/api/api.models';
import { BusinessHoursSettings } from './business-hours-settings';

describe('BusinessHoursSettings', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<BusinessHoursSettings>;
  const root = () => fixture.nativeElement as HTMLElement;
  const radio = (label: string) =>
    [...root().querySelectorAll('label')].find((l) => text(l) === label)!.querySelector('input')!;
  const byLabel = (label: string) =>
    root().querySelector<HTMLButtonElement>(`[aria-label="${label}"]`)!;

  async function render(site: Website, canEdit = true): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(BusinessHoursSettings);
    fixture.componentRef.setInput('website', site);
    fixture.componentRef.setInput('canEdit', canEdit);
    await fixture.whenStable();
  }

  async function stable(): Promise<void> {
    await settle();
    await fixture.whenStable();
  }

  afterEach(() => backend.verify());

  it('shows a website without hours as always open and saves hours for weekdays', async () => {
    await render(website('w-1', { businessHours: null, offlineGreeting: null }));
    expect(radio('Always open').checked).toBe(true);
    radio('Open on these days and hours').click();
    await fixture.whenStable();
    const zone = field<HTMLSelectElement>(root(), 'Time zone');
    expect(zone.options.length).toBeGreaterThan(100);
    type(zone, 'Europe/Berlin');
    byLabel('Add hours on Monday').click();
    await fixture.whenStable();
    type(field(root(), 'Monday range 1 closes'), '17:30');
    byLabel('Add hours on Monday').click();
    await fixture.whenStable();
    type(field(root(), 'Monday range 2 opens'), '18:00');
    type(field(root(), 'Monday range 2 closes'), '20:00');
    type(field(root(), 'Offline greeting'), '  Back at nine.  ');
    button(root(), 'Save hours and greeting').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/websites/w-1' });
    expect(patch.request.body).toEqual({
      businessHours: {
        timezone: 'Europe/Berlin',
        days: {
          mon: [
            ['09:00', '17:30'],
            ['18:00', '20:00'],
          ],
        },
      },
      offlineGreeting: 'Back at nine.',
    });
    patch.flush(
      website('w-1', {
        businessHours: patch.request.body.businessHours,
        offlineGreeting: 'Back at nine.',
      }),
    );
    await stable();
    expect(text(root())).toContain('Business hours saved.');
  });

  it('fills the form from the saved hours and can go back to always open', async () => {
    await render(
      website('w-1', {
        businessHours: { timezone: 'America/New_York', days: { fri: [['10:00', '14:00']] } },
        offlineGreeting: 'Closed now',
      }),
    );
    expect(radio('Open on these days and hours').checked).toBe(true);
    expect(field<HTMLSelectElement>(root(), 'Time zone').value).toBe('America/New_York');
    expect(field(root(), 'Friday range 1 opens').value).toBe('10:00');
    expect(field(root(), 'Offline greeting').value).toBe('Closed now');
    radio('Always open').click();
    type(field(root(), 'Offline greeting'), '');
    button(root(), 'Save hours and greeting').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/websites/w-1' });
    expect(patch.request.body).toEqual({ businessHours: null, offlineGreeting: null });
    patch.flush(website('w-1'));
    await stable();
  });

  it('refuses bad times and overlaps on their day before sending anything', async () => {
    await render(
      website('w-1', {
        businessHours: {
          timezone: 'UTC',
          days: {
            tue: [
              ['09:00', '13:00'],
              ['12:00', '18:00'],
            ],
          },
        },
      }),
    );
    type(field(root(), 'Tuesday range 1 opens'), '9am');
    button(root(), 'Save hours and greeting').click();
    await fixture.whenStable();
    backend.expectNone('/api/v1/websites/w-1');
    expect(text(root().querySelector('#hours-tue-error')!)).toContain('HH:MM');
    type(field(root(), 'Tuesday range 1 opens'), '09:00');
    await fixture.whenStable();
    expect(text(root().querySelector('#hours-tue-error')!)).toBe(
      'Ranges overlap: 09:00–13:00 and 12:00–18:00.',
    );
    byLabel('Remove Tuesday range 2').click();
    await fixture.whenStable();
    expect(text(root().querySelector('#hours-tue-error')!)).toBe('');
  });

  it('shows the server’s validation details on the field they name', async () => {
    await render(website('w-1', { businessHours: { timezone: 'UTC', days: {} } }));
    button(root(), 'Save hours and greeting').click();
    backend.expectOne({ method: 'PATCH', url: '/api/v1/websites/w-1' }).flush(
      {
        error: {
          code: 'VALIDATION_FAILED',
          message: 'The request is not valid',
          details: [
            { field: 'businessHours.timezone', message: 'timezone must be an IANA time zone' },
            { field: 'offlineGreeting', message: 'offlineGreeting is too long' },
          ],
        },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    expect(text(root().querySelector('#hours-timezone-error')!)).toBe(
      'timezone must be an IANA time zone',
    );
    expect(text(root().querySelector('#hours-greeting-error')!)).toBe(
      'offlineGreeting is too long',
    );
  });

  it('is read-only for agents', async () => {
    await render(website('w-1', { role: 'agent' }), false);
    expect(button(root(), 'Save hours and greeting').disabled).toBe(true);
    expect(field(root(), 'Offline greeting').hasAttribute('disabled')).toBe(true);
    expect(queryButton(root(), 'Add hours')).toBeUndefined();
  });
});
