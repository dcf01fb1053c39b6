import { ComponentFixture, TestBed } from '@angular/core/testing';
import { conversation, message } from '../../testing/factories';
import { ConversationThread } from './conversation-thread';
import { MessageList } from './message-list';

describe('the "Seen" marker', () => {
  let thread: ConversationThread;
  let fixture: ComponentFixture<MessageList>;
  const agentSays = (seq: number) =>
    message('c-1', seq, {
      sender: { type: 'agent', id: 'ada', name: 'Ada' },
      body: `reply ${seq}`,
    });
  const seenUnder = () =>
    [...(fixture.nativeElement as HTMLElement).querySelectorAll('li.message')]
      .filter((li) => li.querySelector('.seen'))
      .map((li) => li.getAttribute('data-seq'));

  beforeEach(async () => {
    thread = new ConversationThread('c-1');
    thread.conversation.set(conversation('c-1', { visitorReadSeq: 2 }));
    thread.merge([message('c-1', 1), agentSays(2), agentSays(3), message('c-1', 4), agentSays(5)]);
    thread.loaded.set(true);
    fixture = TestBed.createComponent(MessageList);
    fixture.componentRef.setInput('thread', thread);
    fixture.componentRef.setInput('agentId', 'ada');
    await fixture.whenStable();
  });

  it('sits under the last agent message the visitor has read, from visitorReadSeq', () => {
    expect(seenUnder()).toEqual(['2']);
  });

  it('moves forward with the visitor’s live read receipts, never back, and ignores the team’s', async () => {
    thread.noteRead({ conversationId: 'c-1', seq: 4, by: { type: 'visitor' } });
    await fixture.whenStable();
    expect(seenUnder()).toEqual(['3']);
    thread.noteRead({ conversationId: 'c-1', seq: 5, by: { type: 'agent' } });
    thread.noteRead({ conversationId: 'c-1', seq: 1, by: { type: 'visitor' } });
    await fixture.whenStable();
    expect(seenUnder()).toEqual(['3']);
    thread.noteRead({ conversationId: 'c-1', seq: 5, by: { type: 'visitor' } });
    await fixture.whenStable();
    expect(seenUnder()).toEqual(['5']);
  });

  it('shows nothing before the visitor has read any agent message', async () => {
    thread.patchConversation(conversation('c-1', { visitorReadSeq: 1 }));
    await fixture.whenStable();
    expect(seenUnder()).toEqual([]);
  });
});
