/**
 * The inbox's team controls (#16): the conversation header (state menu, assignee picker, "Assign
 * to me"), the state and assignee filters with their counts, the bulk bar, the note composer and
 * notes in the timeline. Requests go through the real fetch client to the stubbed server.
 */
import { screen, waitFor, within } from '@testing-library/react';
import type { ConversationNote, ConversationStatus } from '../../../shared/contracts/conversations-team';
import type { MessageView } from '../../../shared/contracts/conversations';
import { ConversationHeader } from '../../src/components/Conversation/ConversationHeader';
import { NoteComposer } from '../../src/components/Conversation/NoteComposer';
import { Timeline } from '../../src/components/Timeline/Timeline';
import { BulkBar } from '../../src/pages/Inbox/BulkBar';
import { StateFilters } from '../../src/pages/Inbox/StateFilters';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';

const KEY = '100000000000001:34600111222';

const status = (overrides: Partial<ConversationStatus> = {}): ConversationStatus => ({
  conversationKey: KEY,
  state: 'open',
  stateChangedAt: null,
  stateChangedBy: null,
  assignee: null,
  assignedAt: null,
  assignedBy: null,
  ...overrides,
});

const USERS = [
  { id: 1, name: 'Maite Agent' },
  { id: 2, name: 'Jon Agent' },
];

describe('ConversationHeader', () => {
  it('moves the conversation to another state through the state menu', async () => {
    server.get('/whatsapp/conversations/status', { data: status() });
    server.get('/whatsapp/conversations/assignees', { data: USERS });
    server.post('/whatsapp/conversations/state', ({ body }) => ({ data: { conversations: [status({ state: body.state })], changed: [KEY] } }));
    const { user } = renderAdmin(<ConversationHeader conversationKey={KEY} canManage currentUserId={1} />);

    await user.click(await screen.findByRole('combobox', { name: 'Conversation state' }));
    await user.click(await screen.findByRole('option', { name: 'Closed' }));
    await waitFor(() => expect(server.requests('POST', '/whatsapp/conversations/state')).toHaveLength(1));
    expect(server.requests('POST', '/whatsapp/conversations/state')[0].body).toEqual({ conversationKeys: [KEY], state: 'closed' });
    expect(server.requests('GET', '/whatsapp/conversations/status')[0].query).toEqual({ conversationKey: KEY });
  });

  it('assigns to me, to a chosen user, and shows who changed the state', async () => {
    server.get('/whatsapp/conversations/status', {
      data: status({ state: 'closed', stateChangedAt: '2026-03-01T10:00:00.000Z', stateChangedBy: { kind: 'user', id: 2, name: 'Jon Agent' } }),
    });
    server.get('/whatsapp/conversations/assignees', { data: USERS });
    server.post('/whatsapp/conversations/assign', ({ body }) => ({ data: { conversations: [status({ assignee: USERS.find((u) => u.id === body.assigneeId) ?? null })], changed: [KEY] } }));
    const { user } = renderAdmin(<ConversationHeader conversationKey={KEY} canManage currentUserId={1} />);

    expect(await screen.findByTestId('wa-state-changed')).toHaveTextContent(/^Closed by Jon Agent, /);
    await user.click(screen.getByRole('button', { name: 'Assign to me' }));
    await waitFor(() => expect(server.requests('POST', '/whatsapp/conversations/assign')).toHaveLength(1));
    expect(server.requests('POST', '/whatsapp/conversations/assign')[0].body).toEqual({ conversationKeys: [KEY], assigneeId: 1 });

    await user.click(screen.getByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'Jon Agent' }));
    await waitFor(() => expect(server.requests('POST', '/whatsapp/conversations/assign')).toHaveLength(2));
    expect(server.requests('POST', '/whatsapp/conversations/assign')[1].body).toEqual({ conversationKeys: [KEY], assigneeId: 2 });
  });

  it('shows a refused change as a notification', async () => {
    server.get('/whatsapp/conversations/status', { data: status() });
    server.get('/whatsapp/conversations/assignees', { data: USERS });
    server.post('/whatsapp/conversations/assign', reply(400, strapiError(400, 'ValidationError', 'assigneeId: Jon Agent may not read WhatsApp conversations')));
    const { user } = renderAdmin(<ConversationHeader conversationKey={KEY} canManage currentUserId={1} />);
    await user.click(await screen.findByRole('combobox', { name: 'Assignee' }));
    await user.click(await screen.findByRole('option', { name: 'Jon Agent' }));
    expect(await screen.findByText(/assigneeId: Jon Agent may not read WhatsApp conversations/)).toBeInTheDocument();
  });

  it('is read-only text without conversations-manage (no assignee list is requested)', async () => {
    server.get('/whatsapp/conversations/status', { data: status({ state: 'pending', assignee: USERS[1] }) });
    renderAdmin(<ConversationHeader conversationKey={KEY} canManage={false} currentUserId={1} />);
    expect(await screen.findByText('Assigned to Jon Agent')).toBeInTheDocument();
    expect(screen.getByTestId('wa-state-badge')).toHaveTextContent('Pending');
    expect(screen.queryByRole('combobox')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Assign to me' })).not.toBeInTheDocument();
    expect(server.requests('GET', '/whatsapp/conversations/assignees')).toHaveLength(0);
  });
});

describe('StateFilters and BulkBar', () => {
  it('shows the counts per state and assignee and reports the chosen tab', async () => {
    const onState = jest.fn();
    const onAssignee = jest.fn();
    const { user } = renderAdmin(
      <StateFilters
        state="open"
        assignee="all"
        stateCounts={{ open: 4, pending: 1, closed: 2, archived: 0, spam: 1 }}
        assigneeCounts={{ mine: 2, unassigned: 1, all: 4 }}
        onState={onState}
        onAssignee={onAssignee}
      />
    );
    const states = screen.getByRole('group', { name: 'Conversation state' });
    expect(within(states).getAllByRole('button').map((b) => b.textContent)).toEqual(['Open 4', 'Pending 1', 'Closed 2', 'Archived 0', 'Spam 1', 'All 8']);
    expect(within(states).getByRole('button', { name: 'Open 4' })).toHaveAttribute('aria-pressed', 'true');
    await user.click(within(states).getByRole('button', { name: 'Closed 2' }));
    expect(onState).toHaveBeenCalledWith('closed');
    const assignees = screen.getByRole('group', { name: 'Assigned to' });
    expect(within(assignees).getAllByRole('button').map((b) => b.textContent)).toEqual(['Everyone 4', 'Mine 2', 'Unassigned 1']);
    await user.click(within(assignees).getByRole('button', { name: 'Mine 2' }));
    expect(onAssignee).toHaveBeenCalledWith('me');
  });

  it('closes or archives the selection, and selects the whole page', async () => {
    const handlers = { onSelectAll: jest.fn(), onClose: jest.fn(), onArchive: jest.fn(), onCancel: jest.fn() };
    const first = renderAdmin(<BulkBar count={0} pageCount={3} busy={false} {...handlers} />);
    const { user } = first;
    expect(screen.getByText('None selected')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Close' })).toBeDisabled();
    await user.click(screen.getByRole('checkbox', { name: 'Select all' }));
    expect(handlers.onSelectAll).toHaveBeenCalledWith(true);
    first.unmount();
    renderAdmin(<BulkBar count={2} pageCount={3} busy={false} {...handlers} />);
    expect(screen.getByText('2 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Close' }));
    await user.click(screen.getByRole('button', { name: 'Archive' }));
    expect(handlers.onClose).toHaveBeenCalledTimes(1);
    expect(handlers.onArchive).toHaveBeenCalledTimes(1);
  });
});

const note = (overrides: Partial<ConversationNote> = {}): ConversationNote => ({
  id: 1,
  documentId: 'note-1',
  conversationKey: KEY,
  body: 'Wants it sliced',
  author: { id: 1, name: 'Maite Agent' },
  createdAt: '2026-03-01T10:05:00.000Z',
  ...overrides,
});

describe('Notes', () => {
  it('saves a note from the note composer and keeps the text when it is refused', async () => {
    server.post('/whatsapp/conversations/notes', ({ body }) => (body.body === 'fail' ? reply(404, strapiError(404, 'NotFoundError', 'conversationKey: no conversation')) : reply(201, { data: note({ body: body.body }) })));
    const { user } = renderAdmin(<NoteComposer conversationKey={KEY} />);
    const box = screen.getByRole('textbox', { name: 'Internal note' });
    expect(screen.getByRole('button', { name: 'Add note' })).toBeDisabled();
    await user.type(box, 'fail');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    expect(await within(screen.getByTestId('wa-note-composer')).findByRole('alert')).toHaveTextContent('conversationKey: no conversation');
    expect(box).toHaveValue('fail');
    await user.clear(box);
    await user.type(box, 'Call back after 5');
    await user.click(screen.getByRole('button', { name: 'Add note' }));
    await waitFor(() => expect(box).toHaveValue(''));
    expect(server.requests('POST', '/whatsapp/conversations/notes')[1].body).toEqual({ conversationKey: KEY, body: 'Call back after 5' });
  });

  it('shows notes among the messages by time, labelled and apart from the bubbles', () => {
    const message = (id: number, at: string, body: string) =>
      ({ id, documentId: `m${id}`, direction: 'inbound', type: 'text', body, occurredAt: at, status: 'received', reactions: [], statusTimes: {} }) as unknown as MessageView;
    renderAdmin(
      <Timeline
        messages={[message(1, '2026-03-01T10:00:00.000Z', 'Rye bread?'), message(2, '2026-03-01T10:10:00.000Z', 'Thanks')]}
        notes={[note()]}
        loading={false}
        hasOlder={false}
        loadingOlder={false}
        onLoadOlder={() => undefined}
      />
    );
    const log = screen.getByTestId('wa-timeline');
    const text = log.textContent ?? '';
    expect(text.indexOf('Rye bread?')).toBeLessThan(text.indexOf('Wants it sliced'));
    expect(text.indexOf('Wants it sliced')).toBeLessThan(text.indexOf('Thanks'));
    const shown = screen.getByRole('note', { name: 'Internal note' });
    expect(shown).toHaveTextContent(/^Internal note · Maite Agent/);
    expect(shown).toHaveTextContent('Wants it sliced');
  });
});
