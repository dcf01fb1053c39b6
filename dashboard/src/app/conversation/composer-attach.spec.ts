import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { field } from '../../testing/dom';
import { Composer } from './composer';

describe('Composer attachments', () => {
  let backend: HttpTestingController;
  let fixture: ComponentFixture<Composer>;
  const root = () => fixture.nativeElement as HTMLElement;
  const URL = '/api/v1/conversations/c-1/attachments';

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(Composer);
    fixture.componentRef.setInput('conversationId', 'c-1');
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  function pick(input: HTMLInputElement, files: File[]): void {
    Object.defineProperty(input, 'files', { value: files, configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  async function typeMessage(text: string): Promise<void> {
    const box = field<HTMLTextAreaElement>(root(), 'Message');
    box.value = text;
    box.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  it('sends a picked file with the words in the box, shows it pending, and can cancel it', async () => {
    await typeMessage('here it is');
    const input = field(root(), 'Attach file');
    expect(input.type).toBe('file');
    pick(input, [new File(['abc'], 'report.pdf', { type: 'application/pdf' })]);
    await fixture.whenStable();
    const req = backend.expectOne({ method: 'POST', url: URL });
    expect((req.request.body as FormData).get('body')).toBe('here it is');
    expect(field<HTMLTextAreaElement>(root(), 'Message').value).toBe('');
    const pending = root().querySelector('ul[aria-label="Files being sent"]')!;
    expect(pending.textContent).toContain('report.pdf');
    expect(pending.querySelector('progress')?.getAttribute('aria-label')).toBe(
      'Sending report.pdf',
    );
    const cancel = [...pending.querySelectorAll('button')].find((b) =>
      b.textContent?.includes('Cancel'),
    )!;
    cancel.click();
    await fixture.whenStable();
    expect(req.cancelled).toBe(true);
    expect(root().querySelector('ul[aria-label="Files being sent"]')).toBeNull();
  });

  it('sends a pasted image, and shows a refusal in words', async () => {
    const box = field<HTMLTextAreaElement>(root(), 'Message');
    const image = new File([new Uint8Array([0x89, 0x50])], 'image.png', { type: 'image/png' });
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', { value: { files: [image] } });
    box.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(true);
    backend
      .expectOne({ method: 'POST', url: URL })
      .flush(
        { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Files may be up to 2097152 bytes' } },
        { status: 413, statusText: 'Payload Too Large' },
      );
    await fixture.whenStable();
    expect(root().querySelector('[role="alert"]')?.textContent).toContain(
      'File is larger than 2 MB.',
    );
  });

  it('lets pasted text be text', async () => {
    const box = field<HTMLTextAreaElement>(root(), 'Message');
    const paste = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(paste, 'clipboardData', { value: { files: [] } });
    box.dispatchEvent(paste);
    expect(paste.defaultPrevented).toBe(false);
    backend.expectNone(URL);
  });

  it('sends files dropped on the composer', async () => {
    const form = root().querySelector('form')!;
    const file = new File(['x'], 'a.txt', { type: 'text/plain' });
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } });
    form.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    const req = backend.expectOne({ method: 'POST', url: URL });
    expect(((req.request.body as FormData).get('file') as File).name).toBe('a.txt');
    req.flush(null, { status: 500, statusText: 'Server Error' });
  });
});
