import { ComponentFixture, TestBed } from '@angular/core/testing';
import { text } from '../../testing/dom';
import { conversation } from '../../testing/factories';
import { InboxConversation } from '../core/api/api.models';
import { linkablePageUrl, VisitorDetails } from './visitor-details';

describe('linkablePageUrl', () => {
  it('keeps http and https addresses', () => {
    expect(linkablePageUrl('https://shop.example.com/cart?x=1')).toBe(
      'https://shop.example.com/cart?x=1',
    );
    expect(linkablePageUrl('http://localhost:8080/')).toBe('http://localhost:8080/');
  });

  it.each([
    ['javascript:alert(1)'],
    ['JavaScript:alert(1)'],
    ['data:text/html,<b>x</b>'],
    ['file:///etc/passwd'],
    ['not a url'],
    [''],
    [null],
  ])('refuses %s', (url) => {
    expect(linkablePageUrl(url)).toBeNull();
  });
});

describe('VisitorDetails', () => {
  let fixture: ComponentFixture<VisitorDetails>;
  const root = () => fixture.nativeElement as HTMLElement;

  async function render(overrides: Partial<InboxConversation>): Promise<void> {
    fixture = TestBed.createComponent(VisitorDetails);
    fixture.componentRef.setInput('conversation', conversation('c-1', overrides));
    await fixture.whenStable();
  }

  it('links the page the conversation started on, opening it safely in a new tab', async () => {
    await render({
      pageUrl: 'https://shop.example.com/pricing',
      pageTitle: 'Pricing',
      visitor: { id: 'v-1', name: 'Ada', email: 'ada@example.com', createdAt: '2026-01-01' },
    });
    const link = root().querySelector<HTMLAnchorElement>('.page a')!;
    expect(text(link)).toBe('Pricing');
    expect(link.getAttribute('href')).toBe('https://shop.example.com/pricing');
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
    expect(text(root())).toContain('https://shop.example.com/pricing');
    expect(root().querySelector('a[href="mailto:ada@example.com"]')).not.toBeNull();
  });

  it('shows any other address as text only', async () => {
    await render({ pageUrl: 'javascript:alert(1)', pageTitle: null });
    expect(root().querySelector('.page a')).toBeNull();
    expect(text(root().querySelector('.page')!)).toBe('javascript:alert(1)');
  });

  it('leaves the page out when the widget reported none', async () => {
    await render({ pageUrl: null, pageTitle: null });
    expect(text(root())).not.toContain('Started on');
  });
});
