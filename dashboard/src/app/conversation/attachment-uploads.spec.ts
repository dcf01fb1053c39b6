import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { message } from '../../testing/factories';
import { AttachmentUploads } from './attachment-uploads';
import { MessageStore } from './message-store';

describe('AttachmentUploads', () => {
  let backend: HttpTestingController;
  let uploads: AttachmentUploads;
  const URL = '/api/v1/conversations/c-1/attachments';
  const file = () => new File(['hello'], 'notes.txt', { type: 'text/plain' });

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    backend = TestBed.inject(HttpTestingController);
    uploads = TestBed.inject(AttachmentUploads);
  });

  afterEach(() => backend.verify());

  it('posts the file with the words and a clientMessageId, reports progress, then adds the message', () => {
    uploads.start('c-1', file(), 'see attached');
    const [pending] = uploads.of('c-1')();
    expect(pending).toMatchObject({ name: 'notes.txt', size: 5, state: 'uploading', progress: 0 });
    const req = backend.expectOne({ method: 'POST', url: URL });
    const form = req.request.body as FormData;
    expect(form.get('body')).toBe('see attached');
    expect(form.get('clientMessageId')).toBe(pending.clientMessageId);
    expect((form.get('file') as File).name).toBe('notes.txt');
    expect(req.request.reportProgress).toBe(true);

    req.event({ type: HttpEventType.UploadProgress, loaded: 2, total: 5 });
    expect(uploads.of('c-1')()[0].progress).toBe(40);

    const sent = message('c-1', 7, {
      clientMessageId: pending.clientMessageId,
      sender: { type: 'agent', id: 'ada' },
      body: 'see attached',
      attachments: [
        { id: 'f1', name: 'notes.txt', type: 'text/plain', size: 5, url: 'https://x/f1' },
      ],
    });
    req.flush({ message: sent });
    expect(uploads.of('c-1')()).toEqual([]);
    const items = TestBed.inject(MessageStore).thread('c-1').items();
    expect(items.at(-1)?.attachments[0].name).toBe('notes.txt');
  });

  it('says a file is too large or of a refused type in words', () => {
    uploads.start('c-1', file(), '');
    uploads.start('c-1', file(), '');
    const [big, wrong] = backend.match({ method: 'POST', url: URL });
    expect((big.request.body as FormData).has('body')).toBe(false);
    big.flush(
      { error: { code: 'PAYLOAD_TOO_LARGE', message: 'Files may be up to 10485760 bytes' } },
      { status: 413, statusText: 'Payload Too Large' },
    );
    wrong.flush(
      { error: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Only images…' } },
      { status: 415, statusText: 'Unsupported Media Type' },
    );
    const [first, second] = uploads.of('c-1')();
    expect(first).toMatchObject({ state: 'failed', error: 'File is larger than 10 MB.' });
    expect(second.error).toContain('Allowed: images (PNG, JPEG, GIF, WebP), PDF and plain text');
    uploads.cancel('c-1', first.clientMessageId);
    expect(uploads.of('c-1')()).toHaveLength(1);
  });

  it('cancels an upload in flight', () => {
    uploads.start('c-1', file(), '');
    const req = backend.expectOne({ method: 'POST', url: URL });
    uploads.cancel('c-1', uploads.of('c-1')()[0].clientMessageId);
    expect(req.cancelled).toBe(true);
    expect(uploads.of('c-1')()).toEqual([]);
  });
});
