/**
 * The New conversation dialog (#16): the sender's country reads national numbers, a phone is
 * validated as typed (the message says what is wrong), recent customers show before typing and a
 * name searches them, and Start sends the chosen customer or the typed phone (E.164) with the
 * sender; the server's answer is handed on.
 */
import { screen, waitFor } from '@testing-library/react';
import { NewConversationDialog } from '../../src/components/NewConversation/NewConversationDialog';
import { readTyped } from '../../src/components/NewConversation/typed-contact';
import { renderAdmin } from '../utils/render';
import { reply, server } from '../utils/server';

const SENDERS = [
  { phoneNumberId: '1000001', displayPhoneNumber: '+34 600 000 001', verifiedName: 'Bakery', country: 'ES', tenant: { documentId: 't1', name: 'Bakery' }, isDefault: true },
];
const ANA = { documentId: 'c1', name: 'Ana García', phone: '+34600111222', waId: '34600111222', language: 'es', optedOut: false };
const started = (customer = ANA) => ({
  conversationKey: `1000001:${customer.waId}`,
  customer,
  created: false,
  phoneNumber: { phoneNumberId: '1000001', displayPhoneNumber: '+34 600 000 001' },
  tenant: { documentId: 't1', name: 'Bakery' },
  windowOpen: false,
});

describe('readTyped', () => {
  it('tells names from phones, and reads national numbers in the country given', () => {
    expect(readTyped('  ')).toEqual({ kind: 'empty' });
    expect(readTyped('Ana')).toEqual({ kind: 'search', search: 'Ana' });
    expect(readTyped('611 22 33 44', 'ES')).toMatchObject({ kind: 'phone', phone: { e164: '+34611223344' }, formatted: '+34 611 22 33 44' });
    expect(readTyped('611 22 33 44')).toMatchObject({ kind: 'invalid-phone' });
    expect(readTyped('+34 611', 'ES')).toMatchObject({ kind: 'invalid-phone' });
    expect(readTyped('0044 20 7946 0958', 'ES')).toMatchObject({ kind: 'phone', phone: { e164: '+442079460958' } });
  });
});

describe('NewConversationDialog', () => {
  const setup = () => {
    server.get('/whatsapp/conversations/senders', { data: SENDERS });
    server.get('/whatsapp/conversations/contacts', ({ query }) => ({ data: !query.search || 'ana garcía'.includes(String(query.search).toLowerCase()) ? [ANA] : [] }));
    const onStarted = jest.fn();
    const view = renderAdmin(<NewConversationDialog open onOpenChange={() => undefined} onStarted={onStarted} />);
    return { ...view, onStarted };
  };

  it('has a title and labelled inputs, and validates a typed phone as typed', async () => {
    server.post('/whatsapp/conversations', ({ body }) => reply(201, { data: { ...started({ ...ANA, documentId: 'c2', name: '+34611223344', phone: '+34611223344', waId: '34611223344' }), created: true, body } }));
    const { user, onStarted } = setup();
    expect(await screen.findByRole('dialog', { name: 'New conversation' })).toBeInTheDocument();
    // Recent customers before typing.
    expect(await screen.findByRole('button', { name: /Ana García/ })).toBeInTheDocument();
    const box = screen.getByRole('textbox', { name: 'Customer or phone number' });
    const start = () => screen.getByRole('button', { name: 'Start' });

    await user.type(box, '+34 611');
    expect(await screen.findByText('Not a valid phone number in ES: write it with its country code, e.g. +34 600 11 22 33.')).toBeInTheDocument();
    expect(start()).toBeDisabled();
    await user.clear(box);
    await user.type(box, '611 22 33 44');
    expect(await screen.findByText('Start a conversation with +34 611 22 33 44')).toBeInTheDocument();
    await user.click(start());
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(server.requests('POST', '/whatsapp/conversations')[0].body).toEqual({ phoneNumberId: '1000001', phone: '+34611223344' });
    expect(onStarted.mock.calls[0][0]).toMatchObject({ conversationKey: '1000001:34611223344', created: true });
  });

  it('searches customers by name and starts with the one picked', async () => {
    server.post('/whatsapp/conversations', () => reply(200, { data: started() }));
    const { user, onStarted } = setup();
    const box = await screen.findByRole('textbox', { name: 'Customer or phone number' });
    await user.type(box, 'zzz');
    expect(await screen.findByText('No customer of this number matches.')).toBeInTheDocument();
    await user.clear(box);
    await user.type(box, 'garc');
    const ana = await screen.findByRole('button', { name: /Ana García/ });
    expect(screen.getByText('Customers found')).toBeInTheDocument();
    await user.click(ana);
    expect(ana).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByRole('button', { name: 'Start' }));
    await waitFor(() => expect(onStarted).toHaveBeenCalled());
    expect(server.requests('POST', '/whatsapp/conversations')[0].body).toEqual({ phoneNumberId: '1000001', customerDocumentId: 'c1' });
  });

  it("shows the server's refusal in the dialog", async () => {
    server.post('/whatsapp/conversations', () => reply(409, { data: null, error: { status: 409, name: 'ConflictError', message: 'phoneNumberId: WhatsApp is disabled for the tenant "Bakery"', details: {} } }));
    const { user, onStarted } = setup();
    const box = await screen.findByRole('textbox', { name: 'Customer or phone number' });
    // Enter in the box starts, as the Start button does.
    await user.type(box, '+34 611 22 33 44{Enter}');
    expect(await screen.findByTestId('wa-new-conversation-error')).toHaveTextContent('WhatsApp is disabled for the tenant "Bakery"');
    expect(onStarted).not.toHaveBeenCalled();
  });
});
