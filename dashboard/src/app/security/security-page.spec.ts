import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, queryButton, text, type } from '../../testing/dom';
import { settle, website } from '../../testing/factories';
import { Role, Website } from '../core/api/api.models';
import { WebsitesStore } from '../core/websites/websites-store';
import { parseRetention } from './retention';
import { SecurityPage } from './security-page';

describe('SecurityPage', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<SecurityPage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const refresh = async () => {
    await settle();
    await fixture.whenStable();
  };
  const full = (overrides: Partial<Website> = {}) =>
    website('w-1', {
      key: 'pk_new',
      retentionDays: null,
      requireVerifiedIdentity: false,
      identitySecretSet: false,
      rotatedKeys: [],
      ...overrides,
    });

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function render(role: Role, record: Website = full({ role })): Promise<void> {
    const loaded = TestBed.inject(WebsitesStore).ensureLoaded();
    backend
      .expectOne('/api/v1/websites')
      .flush({ items: [website('w-1', { role })], nextCursor: null });
    await loaded;
    fixture = TestBed.createComponent(SecurityPage);
    fixture.componentRef.setInput('websiteId', 'w-1');
    await fixture.whenStable();
    backend.expectOne({ method: 'GET', url: '/api/v1/websites/w-1' }).flush(record);
    await refresh();
  }

  it('rotates the website key after confirming and lists the old key with its expiry', async () => {
    await render('owner', full({ key: 'pk_old' }));
    expect(text(root())).toContain('pk_old');
    button(root(), 'Rotate website key').click();
    await refresh();
    expect(root().querySelector('[role=alertdialog]')?.textContent).toContain('grace period');
    button(root(), 'Rotate key now').click();
    backend
      .expectOne({ method: 'POST', url: '/api/v1/websites/w-1/key/rotate' })
      .flush({ key: 'pk_new', previousKeyExpiresAt: '2026-01-02T12:00:00.000Z' });
    await settle();
    backend
      .expectOne({ method: 'GET', url: '/api/v1/websites/w-1' })
      .flush(full({ rotatedKeys: [{ key: 'pk_old', expiresAt: '2026-01-02T12:00:00.000Z' }] }));
    await refresh();
    expect(root().querySelector('[data-current-key]')?.textContent).toBe('pk_new');
    const rotated = root().querySelector('[aria-label="Previous keys still working"]');
    expect(rotated?.textContent).toContain('pk_old');
    expect(rotated?.querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-01-02T12:00:00.000Z',
    );
    expect(text(root())).toContain('The new key is pk_new.');
  });

  it('shows a new identity secret once, with a warning and a copy button', async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    await render('admin');
    expect(text(root())).toContain('No identity secret yet.');
    button(root(), 'Create identity secret').click();
    backend
      .expectOne({ method: 'POST', url: '/api/v1/websites/w-1/identity-secret/rotate' })
      .flush({ identitySecret: 'is_secret123' });
    await settle();
    backend
      .expectOne({ method: 'GET', url: '/api/v1/websites/w-1' })
      .flush(full({ role: 'admin', identitySecretSet: true }));
    await refresh();
    expect(field(root(), 'Identity secret').value).toBe('is_secret123');
    expect(text(root())).toContain('it is shown only once');
    button(root(), 'Copy secret').click();
    await refresh();
    expect(writeText).toHaveBeenCalledWith('is_secret123');
    expect(text(root())).toContain('Secret copied.');
    expect(text(root())).toContain(".digest('hex')");
  });

  it('says a secret is set without showing it', async () => {
    await render('owner', full({ identitySecretSet: true }));
    expect(text(root())).toContain('An identity secret is set.');
    expect(queryButton(root(), 'Rotate identity secret')).toBeDefined();
    expect(root().querySelector('#identity-secret')).toBeNull();
  });

  it('saves the identity requirement and retention, empty retention as forever', async () => {
    await render('owner', full({ retentionDays: 30 }));
    expect(field(root(), 'Keep closed conversations for (days)').value).toBe('30');
    field(root(), 'Require verified identity').click();
    type(field(root(), 'Keep closed conversations for (days)'), '');
    button(root(), 'Save security settings').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/websites/w-1' });
    expect(patch.request.body).toEqual({ requireVerifiedIdentity: true, retentionDays: null });
    patch.flush(full({ requireVerifiedIdentity: true }));
    await refresh();
    expect(text(root())).toContain('Security settings saved.');
  });

  it('refuses a retention that is not a whole number of days before sending anything', async () => {
    await render('owner');
    for (const bad of ['0', '2.5', 'ten']) {
      type(field(root(), 'Keep closed conversations for (days)'), bad);
      button(root(), 'Save security settings').click();
      await refresh();
      expect(text(root())).toContain('Enter a whole number of days from 1 to 3650');
    }
    backend.expectNone('/api/v1/websites/w-1');
  });

  it('offers no changes to an agent', async () => {
    await render('agent');
    expect(text(root())).toContain('Only owners and admins can change security settings.');
    expect(queryButton(root(), 'Rotate website key')).toBeUndefined();
    expect(queryButton(root(), 'Create identity secret')).toBeUndefined();
  });

  it('reads retention text as the API’s retentionDays', () => {
    expect(parseRetention('')).toBeNull();
    expect(parseRetention(' 7 ')).toBe(7);
    expect(parseRetention('0')).toBeUndefined();
    expect(parseRetention('3651')).toBeUndefined();
    expect(parseRetention('1e3')).toBeUndefined();
  });
});
