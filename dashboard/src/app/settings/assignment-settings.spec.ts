import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, field, text, type } from '../../testing/dom';
import { settle, website } from '../../testing/factories';
import { AssignmentSettings } from './assignment-settings';

describe('AssignmentSettings', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<AssignmentSettings>;
  const root = () => fixture.nativeElement as HTMLElement;
  const radio = (label: string) =>
    [...root().querySelectorAll('label')]
      .find((l) => l.textContent?.trim().startsWith(label))!
      .querySelector('input')!;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(AssignmentSettings);
    fixture.componentRef.setInput(
      'website',
      website('w-1', {
        assignment: { mode: 'round_robin', maxOpenPerAgent: 5 },
        replyPolicy: 'assignee',
      }),
    );
    fixture.componentRef.setInput('canEdit', true);
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows the website’s current mode, cap and reply policy', () => {
    expect(radio('Round robin').checked).toBe(true);
    expect(field(root(), 'Most open conversations per agent').value).toBe('5');
    expect(radio('Only the assignee').checked).toBe(true);
  });

  it('saves an empty cap as no limit', async () => {
    radio('Manually').click();
    type(field(root(), 'Most open conversations per agent'), '');
    radio('Any member').click();
    button(root(), 'Save assignment settings').click();
    const patch = backend.expectOne({ method: 'PATCH', url: '/api/v1/websites/w-1' });
    expect(patch.request.body).toEqual({
      assignment: { mode: 'manual', maxOpenPerAgent: null },
      replyPolicy: 'anyone',
    });
    patch.flush(
      website('w-1', {
        assignment: { mode: 'manual', maxOpenPerAgent: null },
        replyPolicy: 'anyone',
      }),
    );
    await settle();
    await fixture.whenStable();
    expect(text(root())).toContain('Assignment settings saved.');
  });

  it('refuses a cap outside 1–1000 before sending anything', async () => {
    type(field(root(), 'Most open conversations per agent'), '0');
    button(root(), 'Save assignment settings').click();
    await fixture.whenStable();
    backend.expectNone('/api/v1/websites/w-1');
    expect(text(root())).toContain('Enter a whole number from 1 to 1000');
  });
});
