import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, options, type } from '../../testing/dom';
import { settle, website } from '../../testing/factories';
import { VisitorSettings } from './visitor-settings';

describe('VisitorSettings', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<VisitorSettings>;
  const root = () => fixture.nativeElement as HTMLElement;
  const toggle = () =>
    [...root().querySelectorAll('label')]
      .find((l) => l.textContent?.includes('Ask visitors to rate closed conversations'))!
      .querySelector('input')!;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(VisitorSettings);
    fixture.componentRef.setInput('website', website('w-1', { locale: 'de', csatEnabled: true }));
    fixture.componentRef.setInput('canEdit', true);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('offers every widget language by its own name and shows the current choice', () => {
    const select = field<HTMLSelectElement>(root(), 'Widget language');
    expect(options(select)).toEqual([
      'Automatic',
      'English',
      'Deutsch',
      'Français',
      'Español',
      'Português (Brasil)',
      'العربية',
    ]);
    expect(select.value).toBe('de');
    expect(toggle().checked).toBe(true);
  });

  it('saves the language and turns ratings off', async () => {
    type(field<HTMLSelectElement>(root(), 'Widget language'), 'ar');
    toggle().click();
    button(root(), 'Save language and ratings').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/websites/w-1' });
    expect(patch.request.body).toEqual({ locale: 'ar', csatEnabled: false });
    patch.flush(website('w-1', { locale: 'ar', csatEnabled: false }));
    await settle();
    await fixture.whenStable();
    expect(root().textContent).toContain('Language and ratings saved.');
  });

  it('shows the server’s refusal', async () => {
    button(root(), 'Save language and ratings').click();
    backend
      .expectOne({ method: 'PATCH', url: '/api/v1/websites/w-1' })
      .flush(
        { error: { code: 'FORBIDDEN', message: 'Only owners and admins can change settings' } },
        { status: 403, statusText: 'Forbidden' },
      );
    await settle();
    await fixture.whenStable();
    expect(root().querySelector('[role="alert"]')?.textContent).toContain(
      'Only owners and admins can change settings',
    );
  });
});
