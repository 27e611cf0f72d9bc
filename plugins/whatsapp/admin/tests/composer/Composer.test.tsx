/**
 * The inbox composer (components/Composer): free text inside the 24-hour window, approved
 * templates only outside it (TemplatePicker with its variables and preview), and a failed send
 * that shows the server's message and keeps what was typed. Sends go to POST /whatsapp/messages.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { Composer, type ComposerProps } from '../../src/components/Composer/Composer';
import { conversationWindow, customer, template } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { deferred, reply, server, strapiError } from '../utils/server';
import type { MessageView } from '../../../shared/contracts/conversations';

const WINDOW_CLOSED =
  'The 24-hour customer service window closed at 2025-01-02T10:00:00.000Z: only an approved template can be sent until the customer writes again.';

function renderComposer(props: Partial<ComposerProps> = {}) {
  const onClearReply = jest.fn();
  const result = renderAdmin(
    <Composer customer={customer()} windows={[conversationWindow(5)]} replyTo={null} onClearReply={onClearReply} canSend {...props} />
  );
  return { ...result, onClearReply };
}

/** POST /whatsapp/messages answering like the server: 201 with the queued message. */
function acceptSends() {
  server.post('/whatsapp/messages', ({ body }) => reply(201, { data: { documentId: 'msg-new', status: 'queued', type: body.type } }));
}

const approvedTemplates = [
  template(),
  template({
    documentId: 'tpl-promo',
    name: 'spring_promo',
    category: 'MARKETING',
    components: [
      { type: 'BODY', text: 'Hi {{1}}, use code {{2}} for 10% off.' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Shop now', url: 'https://shop.example/{{1}}' }] },
    ],
  }),
];

const messageBox = () => screen.getByRole('textbox', { name: 'Message' });
/** The composer's own error box (the design system keeps an empty live region with role alert elsewhere). */
const composerAlert = () => within(screen.getByTestId('wa-composer')).queryByRole('alert');
const findComposerAlert = () => within(screen.getByTestId('wa-composer')).findByRole('alert');
const sends = () => server.requests('POST', '/whatsapp/messages');

describe('Composer, window open', () => {
  // Typing asks for Meta's typing indicator (docs/inbox.md#typing-indicator).
  beforeEach(() => server.post('/whatsapp/conversations/typing', () => ({ data: { sent: true } })));

  it('asks for the typing indicator when the agent starts typing, not on every key', async () => {
    const { user } = renderComposer();
    await user.type(messageBox(), 'Hola, ahora');
    await waitFor(() => expect(server.requests('POST', '/whatsapp/conversations/typing')).toHaveLength(1));
    expect(server.requests('POST', '/whatsapp/conversations/typing')[0].body).toEqual({ conversationKey: conversationWindow(5).conversationKey });
    expect(sends()).toHaveLength(0);
  });

  it('a blocked customer cannot be written to: the composer says so and has no message box', () => {
    renderComposer({ customer: customer({ blockedAt: '2026-12-01T10:00:00.000Z' }) });
    expect(screen.getByTestId('wa-composer-blocked')).toHaveTextContent('This customer is blocked on WhatsApp: unblock them to send messages.');
    expect(screen.queryByRole('textbox', { name: 'Message' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();
  });

  it('says the window is open and sends the typed text from the conversation’s number', async () => {
    acceptSends();
    const { user } = renderComposer();

    expect(screen.getByTestId('wa-window-state')).toHaveTextContent(/^24-hour window open · \d+ h \d+ min left$/);
    const send = screen.getByRole('button', { name: 'Send' });
    expect(send).toBeDisabled();

    await user.type(messageBox(), 'Your order is ready');
    expect(send).toBeEnabled();
    await user.click(send);

    await waitFor(() => expect(messageBox()).toHaveValue(''));
    expect(sends()).toHaveLength(1);
    expect(sends()[0].body).toEqual({ customer: 'cust-1', from: '1000001', type: 'text', text: { body: 'Your order is ready' } });
    expect(composerAlert()).not.toBeInTheDocument();
  });

  it('Enter sends, Shift+Enter adds a line', async () => {
    acceptSends();
    const { user } = renderComposer();

    await user.type(messageBox(), 'Line one{Shift>}{Enter}{/Shift}Line two');
    expect(messageBox()).toHaveValue('Line one\nLine two');
    expect(sends()).toHaveLength(0);

    await user.keyboard('{Enter}');
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0].body.text).toEqual({ body: 'Line one\nLine two' });
  });

  it('does not send blank text', async () => {
    const { user } = renderComposer();
    await user.type(messageBox(), '   {Enter}');
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(sends()).toHaveLength(0);
  });

  it('keeps the typed text and shows the server’s message when the send is refused', async () => {
    server.post('/whatsapp/messages', () =>
      reply(422, strapiError(422, 'UnprocessableEntityError', WINDOW_CLOSED, { path: ['type'], reason: 'window_closed' }))
    );
    const { user } = renderComposer();

    await user.type(messageBox(), 'Are you still there?');
    await user.click(screen.getByRole('button', { name: 'Send' }));

    const alert = await findComposerAlert();
    expect(alert).toHaveTextContent(WINDOW_CLOSED);
    expect(messageBox()).toHaveValue('Are you still there?');
    // The user can send again once the problem is solved; the error goes away on success.
    acceptSends();
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(messageBox()).toHaveValue(''));
    expect(composerAlert()).not.toBeInTheDocument();
    expect(sends()).toHaveLength(2);
  });

  it('keeps the draft of a refused send when the composer is opened again', async () => {
    server.post('/whatsapp/messages', () => reply(500, strapiError(500, 'InternalServerError', 'Internal Server Error')));
    const { user, unmount } = renderComposer();

    await user.type(messageBox(), 'Draft that must survive');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await findComposerAlert();
    unmount();

    renderComposer();
    expect(messageBox()).toHaveValue('Draft that must survive');
  });

  it('shows the Send button as busy while the server answers', async () => {
    const held = deferred();
    server.post('/whatsapp/messages', async () => {
      await held.promise;
      return reply(201, { data: { documentId: 'msg-new' } });
    });
    const { user } = renderComposer();

    await user.type(messageBox(), 'Hello');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(screen.getByRole('button', { name: /Send/ })).toHaveAttribute('aria-disabled', 'true'));
    held.resolve(undefined);
    await waitFor(() => expect(messageBox()).toHaveValue(''));
  });

  it('a reply names the message it answers and is cleared after sending', async () => {
    acceptSends();
    const replyTo = { documentId: 'msg-in-1', type: 'text', body: 'Is my order ready?', caption: null } as unknown as MessageView;
    const { user, onClearReply } = renderComposer({ replyTo });

    expect(screen.getByText('Replying to: Is my order ready?')).toBeInTheDocument();
    await user.type(messageBox(), 'Yes!{Enter}');

    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0].body).toMatchObject({ type: 'text', text: { body: 'Yes!' }, replyTo: 'msg-in-1' });
    await waitFor(() => expect(onClearReply).toHaveBeenCalled());
  });

  it('can switch to a template and back while the window is open', async () => {
    server.get('/whatsapp/templates', { data: approvedTemplates, meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 2 } } });
    const { user } = renderComposer();

    await user.click(screen.getByRole('button', { name: 'Use a template' }));
    expect(await screen.findByRole('combobox', { name: 'Approved template' })).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Message' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Write a free-text message instead' }));
    expect(messageBox()).toBeInTheDocument();
  });

  it('with several business numbers, the chosen one decides the window and sends', async () => {
    acceptSends();
    server.get('/whatsapp/templates', { data: approvedTemplates, meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 2 } } });
    const windows = [
      conversationWindow(-2, { phoneNumberId: '1000002', displayPhoneNumber: '+34 600 000 002', conversationKey: '1000002:34611111111' }),
      conversationWindow(5),
    ];
    const { user } = renderComposer({ windows });

    // The first window (closed) is the default: templates only.
    expect(screen.getByTestId('wa-window-state')).toHaveTextContent('The 24-hour window is closed');
    expect(screen.queryByRole('textbox', { name: 'Message' })).not.toBeInTheDocument();

    await user.click(screen.getByRole('combobox', { name: 'Send from' }));
    await user.click(await screen.findByRole('option', { name: '+34 600 000 001' }));
    expect(screen.getByTestId('wa-window-state')).toHaveTextContent(/^24-hour window open/);

    await user.type(messageBox(), 'Hello from the other line{Enter}');
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0].body).toMatchObject({ from: '1000001', type: 'text' });
  });

  it('in a conversation of one number there is no number to choose', () => {
    renderComposer({ windows: [conversationWindow(5), conversationWindow(3, { phoneNumberId: '1000002' })], phoneNumberId: '1000001' });
    expect(screen.queryByRole('combobox', { name: 'Send from' })).not.toBeInTheDocument();
  });

  it('without the send permission there is nothing to write with', () => {
    renderComposer({ canSend: false });
    expect(screen.getByText('You can read this conversation but not send messages.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send' })).not.toBeInTheDocument();
  });
});

describe('Composer, window closed', () => {
  beforeEach(() => {
    server.get('/whatsapp/templates', { data: approvedTemplates, meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 2 } } });
  });

  it('offers only approved templates: no free text', async () => {
    renderComposer({ windows: [conversationWindow(-3)] });

    expect(screen.getByTestId('wa-window-state')).toHaveTextContent(
      'The 24-hour window is closed: WhatsApp only delivers approved templates now.'
    );
    expect(screen.queryByRole('textbox', { name: 'Message' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Write a free-text message instead' })).not.toBeInTheDocument();
    expect(await screen.findByRole('combobox', { name: 'Approved template' })).toBeInTheDocument();

    const [list] = server.requests('GET', '/whatsapp/templates');
    expect(list.query).toEqual({ status: 'APPROVED', pageSize: '100' });
  });

  it('a customer who never wrote also starts with a template', async () => {
    renderComposer({ windows: [] });
    expect(screen.getByTestId('wa-window-state')).toHaveTextContent('This customer has not written yet: start with an approved template.');
    expect(await screen.findByRole('combobox', { name: 'Approved template' })).toBeInTheDocument();
  });

  it('fills the chosen template’s variables, previews them, and sends name, language and values', async () => {
    acceptSends();
    const { user } = renderComposer({ windows: [conversationWindow(-3)] });

    await user.click(await screen.findByRole('combobox', { name: 'Approved template' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['order_ready · en · UTILITY', 'spring_promo · en · MARKETING']);
    await user.click(screen.getByRole('option', { name: 'order_ready · en · UTILITY' }));

    const sendTemplate = await screen.findByRole('button', { name: 'Send template' });
    expect(sendTemplate).toBeDisabled();
    const preview = screen.getByTestId('template-preview');
    expect(within(preview).getByTestId('template-preview-footer')).toHaveTextContent('Acme shop');

    await user.type(screen.getByRole('textbox', { name: 'Header variable {{1}}' }), 'A-1043');
    expect(within(preview).getByTestId('template-preview-header')).toHaveTextContent('Order A-1043');
    expect(sendTemplate).toBeDisabled(); // the body variable is still empty

    await user.type(screen.getByRole('textbox', { name: 'Body variable {{1}}' }), 'Lucy');
    expect(within(preview).getByTestId('template-preview-body')).toHaveTextContent('Hello Lucy, your order is ready for pickup.');
    expect(sendTemplate).toBeEnabled();

    await user.click(sendTemplate);
    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0].body).toEqual({
      customer: 'cust-1',
      from: '1000001',
      type: 'template',
      template: { name: 'order_ready', language: 'en', header: ['A-1043'], body: ['Lucy'] },
    });
  });

  it('asks for the URL button’s variable and sends it with the button index', async () => {
    acceptSends();
    const { user } = renderComposer({ windows: [conversationWindow(-3)] });

    await user.click(await screen.findByRole('combobox', { name: 'Approved template' }));
    await user.click(await screen.findByRole('option', { name: 'spring_promo · en · MARKETING' }));

    await user.type(screen.getByRole('textbox', { name: 'Body variable {{1}}' }), 'Lucy');
    await user.type(screen.getByRole('textbox', { name: 'Body variable {{2}}' }), 'SPRING10');
    expect(screen.getByRole('button', { name: 'Send template' })).toBeDisabled();
    await user.type(screen.getByRole('textbox', { name: 'Button “Shop now”' }), 'spring');
    await user.click(screen.getByRole('button', { name: 'Send template' }));

    await waitFor(() => expect(sends()).toHaveLength(1));
    expect(sends()[0].body.template).toEqual({
      name: 'spring_promo',
      language: 'en',
      body: ['Lucy', 'SPRING10'],
      buttons: [{ index: 0, parameter: 'spring' }],
    });
  });

  it('lists templates in the customer’s language first', async () => {
    server.get('/whatsapp/templates', {
      data: [template(), template({ documentId: 'tpl-es', language: 'es' })],
      meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: 2 } },
    });
    const { user } = renderComposer({ windows: [conversationWindow(-3)], customer: customer({ language: 'es_ES' }) });

    await user.click(await screen.findByRole('combobox', { name: 'Approved template' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['order_ready · es · UTILITY', 'order_ready · en · UTILITY']);
  });

  it('shows the server’s refusal of a template send', async () => {
    server.post('/whatsapp/messages', () =>
      reply(
        422,
        strapiError(422, 'UnprocessableEntityError', 'The customer opted out of marketing messages: send a utility template or a reply instead.')
      )
    );
    const { user } = renderComposer({ windows: [conversationWindow(-3)] });

    await user.click(await screen.findByRole('combobox', { name: 'Approved template' }));
    await user.click(await screen.findByRole('option', { name: 'spring_promo · en · MARKETING' }));
    await user.type(screen.getByRole('textbox', { name: 'Body variable {{1}}' }), 'Lucy');
    await user.type(screen.getByRole('textbox', { name: 'Body variable {{2}}' }), 'SPRING10');
    await user.type(screen.getByRole('textbox', { name: 'Button “Shop now”' }), 'spring');
    await user.click(screen.getByRole('button', { name: 'Send template' }));

    expect(await findComposerAlert()).toHaveTextContent(
      'The customer opted out of marketing messages: send a utility template or a reply instead.'
    );
    // What was filled in stays, for another try.
    expect(screen.getByRole('textbox', { name: 'Body variable {{2}}' })).toHaveValue('SPRING10');
  });

  it('says so when there is no approved template', async () => {
    server.get('/whatsapp/templates', { data: [], meta: { pagination: { page: 1, pageSize: 100, pageCount: 0, total: 0 } } });
    renderComposer({ windows: [conversationWindow(-3)] });
    expect(
      await screen.findByText('No approved templates yet. Create one under WhatsApp › Templates and wait for Meta’s approval.')
    ).toBeInTheDocument();
  });
});
