/**
 * A username user who hides the number (BSUID only, docs/identity.md): the inbox list and the
 * customer panel name them by their username and show the business-scoped user id.
 */
import { screen, within } from '@testing-library/react';
import type { GetCustomerRecords } from '../../../shared/contracts/customer-records';
import type { ListConversations, MessageView } from '../../../shared/contracts/conversations';
import { CustomerPanel } from '../../src/components/CustomerPanel/CustomerPanel';
import { ConversationList, titleOf } from '../../src/pages/Inbox/ConversationList';
import { customer } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { server } from '../utils/server';

const USER_ID = 'US.13491208655302741918';

const contact: GetCustomerRecords.Contact = {
  documentId: 'c1', name: null, profileName: null, phone: null, waId: null, userId: USER_ID, username: 'lucia.g', email: null, language: null,
  tenant: null, optedIn: false, optedInAt: null, optedOut: false, optedOutAt: null, marketingOptOut: false, marketingOptOutAt: null,
  lastInboundAt: null, blocked: null,
};

const message = { id: 1, documentId: 'm1', wamid: 'wamid.1', conversationKey: null, direction: 'inbound', type: 'text', status: 'received',
  occurredAt: '2026-12-03T08:00:00.000Z', statusTimes: {}, body: 'Hola', caption: null, payload: null, media: null, template: null,
  replyTo: null, forwarded: false, reactions: [], businessPhoneNumberId: '1000001', businessDisplayPhoneNumber: null, customerPhone: null,
  profileName: null, author: null, automation: null, error: null, retryable: false } as unknown as MessageView;

const conversation = (name: string | null): ListConversations.Conversation =>
  ({
    conversationKey: `1000001:${USER_ID}`,
    customer: customer({ documentId: 'c1', name, phone: null, waId: null, userId: USER_ID, username: 'lucia.g' }),
    contact: { waId: null, userId: USER_ID, profileName: null, phone: null },
    phoneNumber: { phoneNumberId: '1000001', displayPhoneNumber: null },
    tenant: null,
    lastMessage: message,
    lastMessageAt: '2026-12-03T08:00:00.000Z',
    unread: 0,
    failed: 0,
    messageCount: 1,
  }) as ListConversations.Conversation;

describe('WhatsApp usernames', () => {
  it('names a phone-less conversation by its @username, and shows the username next to a name', () => {
    expect(titleOf(conversation(null))).toBe('@lucia.g');
    renderAdmin(<ConversationList conversations={[conversation('Lucía')]} onSelect={jest.fn()} />);
    const item = screen.getByRole('button', { name: /Lucía/ });
    expect(within(item).getByTestId('wa-conversation-username').textContent).toBe('@lucia.g');
  });

  it('shows the username and the BSUID in the customer panel', async () => {
    server.get('/whatsapp/customers/c1/records', () => ({ data: { customer: contact, groups: [] } }));
    renderAdmin(<CustomerPanel customerDocumentId="c1" />);
    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    expect((await within(panel).findByTestId('wa-contact-username')).textContent).toMatch('@lucia.g');
    expect(within(panel).getByTestId('wa-contact-userId').textContent).toMatch(USER_ID);
  });
});
