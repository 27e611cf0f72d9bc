/**
 * The inbox's conversation list (pages/Inbox/ConversationList) for assistive technology and the
 * keyboard: each conversation is a list item holding a button named by the conversation (a button
 * with role="listitem" is not announced as pressable), the open one is aria-current, and Enter on
 * a focused row opens it. The browser journey e2e/specs/journeys/keyboard drives the same.
 */
import { screen, within } from '@testing-library/react';
import type { ListConversations, MessageView } from '../../../shared/contracts/conversations';
import { ConversationList } from '../../src/pages/Inbox/ConversationList';
import { customer } from '../fixtures';
import { renderAdmin } from '../utils/render';

function message(overrides: Partial<MessageView> = {}): MessageView {
  return {
    id: 1, documentId: 'msg-1', wamid: 'wamid.1', conversationKey: null, direction: 'inbound', type: 'text', status: 'received',
    occurredAt: '2026-12-03T08:00:00.000Z', statusTimes: {}, body: 'Hola', caption: null, payload: null, media: null, template: null,
    replyTo: null, forwarded: false, reactions: [], businessPhoneNumberId: '1000001', businessDisplayPhoneNumber: '+34 600 000 001',
    customerPhone: null, profileName: null, author: null, automation: null, error: null, retryable: false, ...overrides,
  };
}

function conversation(key: string, name: string, unread = 0): ListConversations.Conversation {
  return {
    conversationKey: key,
    customer: customer({ documentId: `cust-${key}`, name }),
    contact: { waId: null, profileName: null, phone: null },
    phoneNumber: { phoneNumberId: '1000001', displayPhoneNumber: '+34 600 000 001' },
    tenant: { documentId: 'tenant-1', name: 'Panadería La Espiga' },
    lastMessage: message({ body: `Mensaje de ${name}` }),
    lastMessageAt: '2026-12-03T08:00:00.000Z',
    unread,
    failed: 0,
    messageCount: 1,
  } as ListConversations.Conversation;
}

describe('ConversationList', () => {
  it('is a list of buttons, the open one marked current, opened with Enter', async () => {
    const onSelect = jest.fn();
    const { user } = renderAdmin(
      <ConversationList conversations={[conversation('a', 'Nerea', 2), conversation('b', 'Iker')]} selectedKey="b" onSelect={onSelect} />
    );

    const items = within(screen.getByRole('list', { name: 'Conversations' })).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    const nerea = within(items[0]).getByRole('button', { name: /Nerea/ });
    const iker = within(items[1]).getByRole('button', { name: /Iker/ });
    expect(iker).toHaveAttribute('aria-current', 'true');
    expect(nerea).not.toHaveAttribute('aria-current');
    expect(within(nerea).getByLabelText('2 unread messages')).toBeInTheDocument();

    await user.tab();
    expect(nerea).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onSelect).toHaveBeenCalledWith(expect.objectContaining({ conversationKey: 'a' }));
  });
});
