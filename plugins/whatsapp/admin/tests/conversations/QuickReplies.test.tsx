/**
 * Quick replies in the composer (#16): `/` lists the conversation's quick replies (fetched only
 * then, for the conversation's key), typing filters them, Enter or a click puts the filled text
 * in the message box, and sending sends that text.
 */
import { screen, waitFor } from '@testing-library/react';
import { Composer } from '../../src/components/Composer/Composer';
import { conversationWindow, customer } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { reply, server } from '../utils/server';

const REPLIES = [
  { documentId: 'q1', shortcut: 'hello', title: 'Greeting', body: 'Hi {{first_name}}!', text: 'Hi Ana!', tenant: null },
  { documentId: 'q2', shortcut: 'ready', title: 'Order ready', body: 'Dear {{name}}, it is ready.', text: 'Dear Ana García, it is ready.', tenant: null },
];

const box = () => screen.getByRole('textbox', { name: 'Message' });

describe('Composer quick replies', () => {
  // Typing in the composer tells the customer's phone "typing…" (tests/composer/Composer.test.tsx covers it).
  beforeEach(() => server.post('/whatsapp/conversations/typing', () => ({ data: { sent: true } })));

  it('offers them after /, filters by shortcut or title, and Enter inserts the first', async () => {
    server.get('/whatsapp/quick-replies', { data: REPLIES });
    server.post('/whatsapp/messages', ({ body }) => reply(201, { data: { documentId: 'm1', status: 'queued', type: body.type } }));
    const { user } = renderAdmin(<Composer customer={customer()} windows={[conversationWindow(5)]} replyTo={null} onClearReply={() => undefined} canSend />);

    await user.type(box(), 'Hel');
    expect(screen.queryByTestId('wa-quick-replies')).not.toBeInTheDocument();
    expect(server.requests('GET', '/whatsapp/quick-replies')).toHaveLength(0);
    await user.clear(box());

    await user.type(box(), '/');
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['/hello · GreetingHi Ana!', '/ready · Order readyDear Ana García, it is ready.']);
    expect(server.requests('GET', '/whatsapp/quick-replies')[0].query).toEqual({ conversationKey: '1000001:34611111111' });

    await user.type(box(), 'order');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await user.keyboard('{Enter}');
    expect(box()).toHaveValue('Dear Ana García, it is ready.');
    expect(screen.queryByTestId('wa-quick-replies')).not.toBeInTheDocument();
    expect(server.requests('POST', '/whatsapp/messages')).toHaveLength(0);

    await user.keyboard('{Enter}');
    await waitFor(() => expect(server.requests('POST', '/whatsapp/messages')).toHaveLength(1));
    expect(server.requests('POST', '/whatsapp/messages')[0].body).toMatchObject({ type: 'text', text: { body: 'Dear Ana García, it is ready.' } });
  });

  it('inserts the clicked one, and says when none matches', async () => {
    server.get('/whatsapp/quick-replies', { data: REPLIES });
    const { user } = renderAdmin(<Composer customer={customer()} windows={[conversationWindow(5)]} replyTo={null} onClearReply={() => undefined} canSend />);
    await user.type(box(), '/zzz');
    expect(await screen.findByText('No quick reply matches')).toBeInTheDocument();
    await user.clear(box());
    await user.type(box(), '/');
    await user.click(await screen.findByRole('option', { name: /\/hello/ }));
    expect(box()).toHaveValue('Hi Ana!');
  });
});
