import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { settle } from '../../testing/factories';
import { DemoHint } from './demo-hint';

describe('DemoHint', () => {
  let backend: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
  });
  afterEach(() => backend.verify());

  async function render(status: { enabled: boolean; url: string }) {
    const fixture = TestBed.createComponent(DemoHint);
    backend.expectOne('/api/v1/demo/status').flush(status);
    await settle();
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('links to the demo page when the server has one', async () => {
    const link = (await render({ enabled: true, url: '/demo' })).querySelector('a');
    expect(link?.textContent).toBe('open the demo page');
    expect(link?.getAttribute('href')).toBe('/demo');
  });

  it('says nothing when the demo is off', async () => {
    expect((await render({ enabled: false, url: '/demo' })).textContent?.trim()).toBe('');
  });
});
