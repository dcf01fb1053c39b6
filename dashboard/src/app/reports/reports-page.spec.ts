import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { field } from '../../testing/dom';
import { settle } from '../../testing/factories';
import { ReportsPage } from './reports-page';

describe('ReportsPage', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<ReportsPage>;
  const root = () => fixture.nativeElement as HTMLElement;
  const csat = '/api/v1/websites/w-1/reports/csat';

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ReportsPage);
    fixture.componentRef.setInput('websiteId', 'w-1');
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  async function answer(url: string, body: object, status = 200): Promise<void> {
    const req = backend.expectOne((r) => r.urlWithParams === url);
    req.flush(body, { status, statusText: status === 200 ? 'OK' : 'Bad Request' });
    await settle();
    await fixture.whenStable();
  }

  it('shows the count, the average and each score as a bar with its numbers in words', async () => {
    await answer(csat, {
      count: 4,
      average: 4.25,
      distribution: { '1': 0, '2': 0, '3': 1, '4': 1, '5': 2 },
    });
    expect(root().querySelector('[data-testid="csat-count"]')?.textContent).toBe('4');
    expect(root().querySelector('[data-testid="csat-average"]')?.textContent).toBe('4.25 out of 5');
    const bars = [...root().querySelectorAll('ul[aria-label="Ratings by score"] li')];
    expect(bars.map((li) => li.querySelector('.score')?.textContent)).toEqual([
      '5 stars: 2 ratings (50%)',
      '4 stars: 1 rating (25%)',
      '3 stars: 1 rating (25%)',
      '2 stars: 0 ratings (0%)',
      '1 star: 0 ratings (0%)',
    ]);
    expect((bars[0].querySelector('.fill') as HTMLElement).style.width).toBe('50%');
  });

  it('asks again for the chosen dates, refuses a reversed range, and shows the server’s error', async () => {
    await answer(csat, { count: 0, average: null, distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 } });
    expect(root().textContent).toContain('No ratings in this period.');
    const from = field(root(), 'From');
    from.value = '2026-02-01';
    from.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    await answer(
      `${csat}?from=2026-02-01`,
      {
        error: { code: 'VALIDATION_FAILED', message: 'from must be a date' },
      },
      400,
    );
    expect(root().querySelector('.form-error')?.textContent).toContain('from must be a date');
    const to = field(root(), 'To');
    to.value = '2026-01-01';
    to.dispatchEvent(new Event('change'));
    await fixture.whenStable();
    expect(root().textContent).toContain('The “from” date is after the “to” date.');
    backend.expectNone((r) => r.url === csat);
  });
});
