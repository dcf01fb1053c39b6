import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Type } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { button, field, queryButton, text, type } from '../../testing/dom';
import { agent, settle, signIn } from '../../testing/factories';
import { Session } from '../core/auth/session';
import { ForgotPassword } from './forgot-password';
import { ResetPassword } from './reset-password';
import { VerifyBanner } from './verify-banner';
import { VerifyEmail } from './verify-email';

describe('account pages', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    sessionStorage.clear();
    localStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  async function render<T>(component: Type<T>, inputs: Record<string, unknown>) {
    const fixture = TestBed.createComponent(component);
    for (const [name, value] of Object.entries(inputs)) fixture.componentRef.setInput(name, value);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const refresh = async () => {
      await settle();
      await fixture.whenStable();
    };
    return { fixture, root, refresh };
  }

  const refused = (code: string, message: string, status = 400, headers = {}) => ({
    body: { error: { code, message } },
    options: { status, statusText: 'Refused', headers },
  });

  describe('verify email', () => {
    it('confirms the address from the link and clears the signed-in agent’s banner', async () => {
      const session = TestBed.inject(Session);
      signIn(session, agent('ada', { emailVerified: false }));
      const { root, refresh } = await render(VerifyEmail, { token: 'tok-1' });
      const req = backend.expectOne('/api/v1/auth/verify-email');
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toEqual({ token: 'tok-1' });
      req.flush({ agent: agent('ada', { emailVerified: true }) });
      await refresh();
      expect(text(root)).toContain('Your email address is confirmed.');
      expect(session.agent()?.emailVerified).toBe(true);
    });

    it('says a used link is not valid and offers a new one to a signed-in agent', async () => {
      signIn(TestBed.inject(Session), agent('ada', { emailVerified: false }));
      const { root, refresh } = await render(VerifyEmail, { token: 'old' });
      const { body, options } = refused('INVALID_TOKEN', 'This link is not valid any more');
      backend.expectOne('/api/v1/auth/verify-email').flush(body, options);
      await refresh();
      expect(root.querySelector('[role=alert]')?.textContent).toContain(
        'This link is not valid any more',
      );
      button(root, 'Resend verification email').click();
      const resend = backend.expectOne('/api/v1/auth/verify-email/resend');
      expect(resend.request.method).toBe('POST');
      resend.flush(null, { status: 202, statusText: 'Accepted' });
      await refresh();
      expect(text(root)).toContain('A new link is on its way.');
    });

    it('sends someone signed out to log in for a new link', async () => {
      const { root, refresh } = await render(VerifyEmail, { token: 'old' });
      const { body, options } = refused('INVALID_TOKEN', 'This link is not valid any more');
      backend.expectOne('/api/v1/auth/verify-email').flush(body, options);
      await refresh();
      expect(queryButton(root, 'Resend verification email')).toBeUndefined();
      expect(text(root)).toContain('Log in to ask for a new link.');
    });
  });

  describe('forgot password', () => {
    it('answers the same whatever the address, without saying whether it has an account', async () => {
      const { root, refresh } = await render(ForgotPassword, {});
      type(field(root, 'Email'), 'ada@example.com');
      button(root, 'Send reset link').click();
      const req = backend.expectOne('/api/v1/auth/password/forgot');
      expect(req.request.body).toEqual({ email: 'ada@example.com' });
      req.flush(null, { status: 202, statusText: 'Accepted' });
      await refresh();
      expect(text(root)).toContain('If an account exists for ada@example.com, we sent a link');
    });

    it('refuses a malformed address before sending anything', async () => {
      const { root, refresh } = await render(ForgotPassword, {});
      type(field(root, 'Email'), 'not an address');
      button(root, 'Send reset link').click();
      await refresh();
      backend.expectNone('/api/v1/auth/password/forgot');
      expect(text(root)).toContain('Enter a valid email address.');
    });

    it('says when to try again after too many requests', async () => {
      const { root, refresh } = await render(ForgotPassword, {});
      type(field(root, 'Email'), 'ada@example.com');
      button(root, 'Send reset link').click();
      const { body, options } = refused('RATE_LIMITED', 'At most 5 reset requests an hour', 429, {
        'Retry-After': '1200',
      });
      backend.expectOne('/api/v1/auth/password/forgot').flush(body, options);
      await refresh();
      expect(root.querySelector('[role=alert]')?.textContent).toContain(
        'Too many requests. Try again in 20 minutes.',
      );
    });
  });

  describe('reset password', () => {
    it('sets the new password, then sends the agent to log in with a notice', async () => {
      const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
      const { root, refresh } = await render(ResetPassword, { token: 'tok-9' });
      type(field(root, 'New password'), 'a brand new secret');
      type(field(root, 'Repeat new password'), 'a brand new secret');
      button(root, 'Set new password').click();
      const req = backend.expectOne('/api/v1/auth/password/reset');
      expect(req.request.body).toEqual({ token: 'tok-9', password: 'a brand new secret' });
      req.flush({ agent: agent('ada') });
      await refresh();
      expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { reset: '1' } });
    });

    it('refuses two different passwords, and a short one, before sending anything', async () => {
      const { root, refresh } = await render(ResetPassword, { token: 'tok-9' });
      type(field(root, 'New password'), 'short');
      type(field(root, 'Repeat new password'), 'shorter');
      button(root, 'Set new password').click();
      await refresh();
      backend.expectNone('/api/v1/auth/password/reset');
      expect(text(root)).toContain('Use at least 10 characters.');
      expect(text(root)).toContain('The two passwords are not the same.');
    });

    it('offers a new link when this one has expired', async () => {
      const { root, refresh } = await render(ResetPassword, { token: 'tok-9' });
      type(field(root, 'New password'), 'a brand new secret');
      type(field(root, 'Repeat new password'), 'a brand new secret');
      button(root, 'Set new password').click();
      const { body, options } = refused('INVALID_TOKEN', 'This link is not valid any more');
      backend.expectOne('/api/v1/auth/password/reset').flush(body, options);
      await refresh();
      const alert = root.querySelector('[role=alert]');
      expect(alert?.textContent).toContain('This link is not valid any more');
      expect(alert?.querySelector('a')?.textContent).toContain('Ask for a new link');
    });
  });

  describe('verification banner', () => {
    it('shows for an unverified agent, resends, and can be dismissed', async () => {
      signIn(TestBed.inject(Session), agent('ada', { emailVerified: false }));
      const { root, refresh } = await render(VerifyBanner, {});
      expect(text(root)).toContain('Please confirm your email address ada@example.com');
      button(root, 'Resend verification email').click();
      const { body, options } = refused('RATE_LIMITED', 'Sent several times', 429, {
        'Retry-After': '30',
      });
      backend.expectOne('/api/v1/auth/verify-email/resend').flush(body, options);
      await refresh();
      expect(root.querySelector('[role=alert]')?.textContent).toContain('Try again in 30 seconds.');
      button(root, 'Dismiss').click();
      await refresh();
      expect(text(root)).toBe('');
    });

    it('stays away for a verified agent', async () => {
      signIn(TestBed.inject(Session), agent('ada', { emailVerified: true }));
      const { root } = await render(VerifyBanner, {});
      expect(text(root)).toBe('');
    });
  });
});
