import { TestBed } from '@angular/core/testing';
import { MessageAttachments } from './message-attachments';

describe('MessageAttachments', () => {
  it('shows a picture as a lazy thumbnail that opens full size, and a file as a download', async () => {
    const fixture = TestBed.createComponent(MessageAttachments);
    fixture.componentRef.setInput('attachments', [
      { id: 'a1', name: 'shot.png', type: 'image/png', size: 2048, url: 'https://x.test/f/a1?s=1' },
      { id: 'a2', name: 'notes.txt', type: 'text/plain', size: 12, url: 'https://x.test/f/a2?s=2' },
    ]);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const img = root.querySelector('img')!;
    expect(img.alt).toBe('shot.png');
    expect(img.getAttribute('loading')).toBe('lazy');
    expect(img.src).toBe('https://x.test/f/a1?s=1');
    const thumb = img.closest('a')!;
    expect(thumb.target).toBe('_blank');
    expect(thumb.href).toBe('https://x.test/f/a1?s=1');
    const links = [...root.querySelectorAll('a')];
    const download = links.find((a) => a.textContent?.includes('notes.txt'))!;
    expect(download.textContent?.replace(/\s+/g, ' ').trim()).toBe('notes.txt (12 B)');
    expect(download.getAttribute('download')).toBe('notes.txt');
    expect(download.querySelector('img')).toBeNull();
  });

  it('renders nothing for a message without files', async () => {
    const fixture = TestBed.createComponent(MessageAttachments);
    fixture.componentRef.setInput('attachments', undefined);
    await fixture.whenStable();
    expect((fixture.nativeElement as HTMLElement).querySelector('ul')).toBeNull();
  });
});
