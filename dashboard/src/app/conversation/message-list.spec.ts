import { ComponentFixture, TestBed } from '@angular/core/testing';
import { text } from '../../testing/dom';
import { message } from '../../testing/factories';
import { ConversationThread } from './conversation-thread';
import { MessageList } from './message-list';

describe('MessageList', () => {
  let fixture: ComponentFixture<MessageList>;
  const root = () => fixture.nativeElement as HTMLElement;

  beforeEach(async () => {
    const thread = new ConversationThread('c-1');
    thread.merge([
      message('c-1', 1, { body: 'Hello?' }),
      message('c-1', 2, {
        sender: { type: 'system', id: null },
        body: 'Alice assigned the conversation to Bob',
        clientMessageId: null,
      }),
      message('c-1', 3, { sender: { type: 'agent', id: 'bob', name: 'Bob' }, body: 'Hi!' }),
      message('c-1', 4, {
        sender: { type: 'system', id: null },
        body: '<b>Bob</b> closed the conversation',
        clientMessageId: null,
      }),
    ]);
    thread.loaded.set(true);
    fixture = TestBed.createComponent(MessageList);
    fixture.componentRef.setInput('thread', thread);
    fixture.componentRef.setInput('agentId', 'ada');
    await fixture.whenStable();
  });

  it('shows system messages as timeline lines between the bubbles, in seq order', () => {
    const rows = [...root().querySelectorAll('ol > li')];
    expect(rows.map((row) => row.className.split(' ')[0])).toEqual([
      'message',
      'timeline',
      'message',
      'timeline',
    ]);
    expect(text(rows[1])).toContain('Alice assigned the conversation to Bob');
    // No author, no delivery state: a line about the conversation, not something someone said.
    expect(rows[1].querySelector('.author, .state, .body')).toBeNull();
    expect(text(rows[2])).toContain('Bob');
  });

  it('renders a system line as text, never as markup', () => {
    const line = root().querySelectorAll('ol > li.timeline')[1];
    expect(line.querySelector('b')).toBeNull();
    expect(text(line)).toContain('<b>Bob</b> closed the conversation');
  });
});
