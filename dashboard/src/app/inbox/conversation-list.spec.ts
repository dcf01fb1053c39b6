import { ComponentFixture, TestBed } from '@angular/core/testing';
import { conversation } from '../../testing/factories';
import { ConversationList } from './conversation-list';

describe('ConversationList', () => {
  let fixture: ComponentFixture<ConversationList>;
  let selected: string[];

  beforeEach(async () => {
    fixture = TestBed.createComponent(ConversationList);
    selected = [];
    fixture.componentInstance.selected.subscribe((id) => selected.push(id));
    fixture.componentRef.setInput('conversations', [
      conversation('a', {
        visitor: { id: 'v-a', name: 'Ada', email: null, createdAt: '2026-01-01T00:00:00Z' },
      }),
      conversation('b', { unreadCount: 2, assigneeId: 'me' }),
      conversation('c', {
        visitor: {
          id: 'v-c',
          name: null,
          email: 'c@example.com',
          createdAt: '2026-01-01T00:00:00Z',
        },
        assigneeId: 'bob',
      }),
    ]);
    fixture.componentRef.setInput('activeId', 'b');
    fixture.componentRef.setInput('agentId', 'me');
    fixture.componentRef.setInput('names', new Map([['bob', 'Bob']]));
    fixture.componentRef.setInput('presence', new Map([['bob', 'away']]));
    await fixture.whenStable();
  });

  const buttons = () => [
    ...(fixture.nativeElement as HTMLElement).querySelectorAll<HTMLButtonElement>('li button'),
  ];
  const press = (target: HTMLElement, key: string) =>
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));

  it('names each conversation by its visitor and shows unread counts', () => {
    const names = buttons().map((b) => b.textContent?.replace(/\s+/g, ' ').trim());
    expect(names[0]).toContain('Ada');
    expect(names[1]).toContain('2 unread');
    expect(names[2]).toContain('c@example.com');
    expect(buttons()[1].getAttribute('aria-current')).toBe('true');
  });

  it('says who holds each conversation, with their presence', () => {
    const assignees = [
      ...(fixture.nativeElement as HTMLElement).querySelectorAll('li .assignee'),
    ].map((a) => a.textContent?.replace(/\s+/g, ' ').trim());
    expect(assignees).toEqual([
      'Unassigned',
      'Assigned to You (offline)',
      'Assigned to Bob (away)',
    ]);
  });

  it('has a single tab stop on the open conversation', () => {
    expect(buttons().map((b) => b.tabIndex)).toEqual([-1, 0, -1]);
  });

  it('moves focus with the arrow keys, Home and End', () => {
    const [first, second, third] = buttons();
    second.focus();
    press(second, 'ArrowDown');
    expect(document.activeElement).toBe(third);
    press(third, 'ArrowDown');
    expect(document.activeElement).toBe(third);
    press(third, 'Home');
    expect(document.activeElement).toBe(first);
    press(first, 'ArrowUp');
    expect(document.activeElement).toBe(first);
    press(first, 'End');
    expect(document.activeElement).toBe(third);
  });

  it('opens the conversation that is activated', () => {
    buttons()[2].click();
    expect(selected).toEqual(['c']);
  });
});
