import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { settle } from '../../testing/factories';
import { Login, safeReturnUrl } from './login';
import { Signup } from './signup';

function field(root: HTMLElement, name: string): HTMLInputElement {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.trim() === name);
  const input = label && root.querySelector<HTMLInputElement>(`#${label.htmlFor}`);
  if (!input) throw new Error(`No field labelled ${name}`);
  return input;
}

function button(root: HTMLElement, name: string): HTMLButtonElement {
  const found = [...root.querySelectorAll('button')].find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`No button named ${name}`);
  return found;
}

describe('auth forms', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('logs in through the fields named Email and Password and the Log in button', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    const fixture = TestBed.createComponent(Login);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    for (const [name, value] of [
      ['Email', 'ada@example.com'],
      ['Password', 'correct horse battery'],
    ]) {
      field(root, name).value = value;
      field(root, name).dispatchEvent(new Event('input'));
    }
    button(root, 'Log in').click();

    const req = TestBed.inject(HttpTestingController).expectOne('/api/v1/auth/login');
    expect(req.request.body).toEqual({
      email: 'ada@example.com',
      password: 'correct horse battery',
    });
    req.flush(
      { error: { code: 'INVALID_CREDENTIALS', message: 'Wrong email or password' } },
      { status: 401, statusText: 'Unauthorized' },
    );
    await settle();
    await fixture.whenStable();
    expect(root.querySelector('[role=alert]')?.textContent).toContain('Wrong email or password');
    expect(navigate).not.toHaveBeenCalled();
  });

  it('shows server validation messages next to the signup fields', async () => {
    const fixture = TestBed.createComponent(Signup);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    for (const [name, value] of [
      ['Name', 'Ada'],
      ['Email', 'ada@example.com'],
      ['Password', 'long enough pw'],
    ]) {
      field(root, name).value = value;
      field(root, name).dispatchEvent(new Event('input'));
    }
    button(root, 'Sign up').click();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/v1/auth/signup')
      .flush(
        {
          error: {
            code: 'EMAIL_TAKEN',
            message: 'Email taken',
            details: [{ field: 'email', message: 'This email is already registered' }],
          },
        },
        { status: 409, statusText: 'Conflict' },
      );
    await settle();
    await fixture.whenStable();
    expect(root.textContent).toContain('This email is already registered');
    expect(field(root, 'Email').getAttribute('aria-invalid')).toBe('true');
  });

  it('links to password recovery and says why after a reset', async () => {
    const fixture = TestBed.createComponent(Login);
    fixture.componentRef.setInput('reset', '1');
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const link = [...root.querySelectorAll('a')].find((a) => a.textContent === 'Forgot password?');
    expect(link?.getAttribute('href')).toBe('/forgot-password');
    expect(root.querySelector('[role=status]')?.textContent).toContain(
      'Your password was changed. Log in with the new one.',
    );
  });

  it('only returns to paths inside the console after login', () => {
    expect(safeReturnUrl('/w/1/inbox')).toBe('/w/1/inbox');
    expect(safeReturnUrl('//evil.example')).toBe('/');
    expect(safeReturnUrl('https://evil.example')).toBe('/');
    expect(safeReturnUrl(undefined)).toBe('/');
  });
});
