/**
 * Unit tests of the pure parts of conversations a team works: the status shape of a state row
 * (no row: open and unassigned; a reopen by the customer has no user) and quick-reply variables.
 * The routes, the database and the reopen rule are tested through HTTP in tests/conversations.
 */
import { renderQuickReply, SetConversationState } from '../../../../shared/contracts/conversations-team';
import { toStatus } from '../states';

describe('toStatus', () => {
  it('reads no row as open and unassigned', () => {
    expect(toStatus('1:2')).toEqual({ conversationKey: '1:2', state: 'open', stateChangedAt: null, stateChangedBy: null, assignee: null, assignedAt: null, assignedBy: null });
  });

  it('tells a user change from a reopen by the customer', () => {
    const at = new Date('2026-03-01T10:00:00Z');
    expect(toStatus('1:2', { conversationState: 'closed', stateChangedAt: at, stateChangedById: 4, stateChangedByName: 'Maite' }).stateChangedBy).toEqual({ kind: 'user', id: 4, name: 'Maite' });
    expect(toStatus('1:2', { conversationState: 'open', stateChangedAt: at, stateChangedById: null }).stateChangedBy).toEqual({ kind: 'customer' });
    const assigned = toStatus('1:2', { conversationState: 'open', assigneeId: 7, assigneeName: 'Jon', assignedAt: at, assignedById: 4, assignedByName: 'Maite' });
    expect(assigned).toMatchObject({ assignee: { id: 7, name: 'Jon' }, assignedAt: at.toISOString(), assignedBy: { id: 4, name: 'Maite' } });
  });
});

describe('renderQuickReply', () => {
  it('fills known variables, spaces inside braces allowed, and empties unknown or missing ones', () => {
    expect(renderQuickReply('Hi {{ first_name }}, {{name}} at {{phone}}{{nope}}.', { first_name: 'Ana', name: 'Ana García', phone: null })).toBe('Hi Ana, Ana García at .');
  });
});

describe('SetConversationState.body', () => {
  it('names the field: required state, unknown state', () => {
    const missing = SetConversationState.body.safeParse({ conversationKeys: ['1:2'] });
    expect(!missing.success && missing.error.issues[0]).toMatchObject({ path: ['state'], message: 'is required' });
    const wrong = SetConversationState.body.safeParse({ conversationKeys: ['1:2'], state: 'gone' });
    expect(!wrong.success && wrong.error.issues[0]).toMatchObject({ path: ['state'], message: 'must be one of open, pending, closed, archived, spam' });
  });
});
