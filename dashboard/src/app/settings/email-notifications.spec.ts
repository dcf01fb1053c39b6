import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { text } from '../../testing/dom';
import { agent, settle } from '../../testing/factories';
import { EmailNotificationsPreference } from './email-notifications';

describe('EmailNotificationsPreference', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<EmailNotificationsPreference>;
  const root = () => fixture.nativeElement as HTMLElement;
  const radio = (label: string) =>
    [...root().querySelectorAll('label')].find((l) => text(l) === label)!.querySelector('input')!;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(EmailNotificationsPreference);
    backend.expectOne('/api/v1/me').flush({
      agent: { ...agent('ada'), notifications: { email: 'assigned' } },
      websites: [],
    });
    await settle();
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows the saved choice', () => {
    expect(radio('Only conversations assigned to me').checked).toBe(true);
    expect(radio('Never').checked).toBe(false);
  });

  it('saves a new choice', async () => {
    radio('Never').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/me' });
    expect(patch.request.body).toEqual({ notifications: { email: 'none' } });
    patch.flush({ agent: { ...agent('ada'), notifications: { email: 'none' } } });
    await settle();
    await fixture.whenStable();
    expect(radio('Never').checked).toBe(true);
    expect(text(root())).toContain('Saved.');
  });

  it('goes back to the saved choice and says why when saving fails', async () => {
    radio('Conversations assigned to me, and unassigned ones').click();
    backend
      .expectOne({ method: 'PATCH', url: '/api/v1/me' })
      .flush(
        { error: { code: 'VALIDATION_FAILED', message: 'The request is not valid' } },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    await fixture.whenStable();
    expect(radio('Only conversations assigned to me').checked).toBe(true);
    expect(text(root().querySelector('[role="alert"]')!)).toBe('The request is not valid');
  });
});
