/**
 * Blocking a customer from the comms tab (components/CustomerBlockAction): the state from
 * GET /whatsapp/customers/:id/block, "Block on WhatsApp" after a confirmation (POST), "Unblock"
 * (DELETE), Meta's refusal shown as the server says it, and no buttons without customers-block.
 * `useRBAC` is replaced (see numbers/NumbersPage.test.tsx for why); the rest is real.
 */
import { screen, waitFor } from '@testing-library/react';
import { CustomerBlockAction } from '../../src/components/CustomerBlockAction';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';

let permissions: Record<string, boolean> = { canCustomersBlock: true };
jest.mock('@strapi/strapi/admin', () => {
  const actual = jest.requireActual('@strapi/strapi/admin');
  return { ...actual, useRBAC: () => ({ allowedActions: permissions, isLoading: false, error: undefined, permissions: [] }) };
});

const state = (blocked: boolean) => ({
  data: {
    documentId: 'c1',
    blocked,
    blockedAt: blocked ? '2026-12-01T10:00:00.000Z' : null,
    blockedBy: blocked ? { id: 1, name: 'Sara Supervisor' } : null,
    phoneNumberIds: blocked ? ['1000001'] : [],
  },
});

beforeEach(() => {
  permissions = { canCustomersBlock: true };
});

describe('CustomerBlockAction', () => {
  it('blocks after the confirmation and then shows since when and by whom', async () => {
    let blocked = false;
    server.get('/whatsapp/customers/c1/block', () => state(blocked));
    server.post('/whatsapp/customers/c1/block', () => {
      blocked = true;
      return state(true);
    });
    const { user } = renderAdmin(<CustomerBlockAction documentId="c1" />);
    await user.click(await screen.findByRole('button', { name: 'Block on WhatsApp' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Block this customer on WhatsApp?' });
    expect(dialog).toHaveTextContent(/only blocks customers who wrote in the last 24 hours/);
    expect(server.requests('POST', '/whatsapp/customers/c1/block')).toHaveLength(0);
    await user.click(screen.getByRole('button', { name: 'Confirm' }));

    await screen.findByText('Blocked on WhatsApp');
    expect(screen.getByText(/^since .*, by Sara Supervisor$/)).toBeTruthy();
    expect(screen.getByTestId('wa-block-state').getAttribute('data-blocked')).toBe('true');
    expect(screen.getByRole('button', { name: 'Unblock' })).toBeTruthy();
  });

  it('unblocks without a confirmation', async () => {
    let blocked = true;
    server.get('/whatsapp/customers/c1/block', () => state(blocked));
    server.delete('/whatsapp/customers/c1/block', () => {
      blocked = false;
      return state(false);
    });
    const { user } = renderAdmin(<CustomerBlockAction documentId="c1" />);
    await user.click(await screen.findByRole('button', { name: 'Unblock' }));
    await screen.findByRole('button', { name: 'Block on WhatsApp' });
    expect(server.requests('DELETE', '/whatsapp/customers/c1/block')).toHaveLength(1);
  });

  it("shows Meta's refusal as the server words it, and stays unblocked", async () => {
    server.get('/whatsapp/customers/c1/block', () => state(false));
    const message = 'WhatsApp refused to block the customer on number 1000001: WhatsApp only blocks users who wrote to the number in the last 24 hours.';
    server.post('/whatsapp/customers/c1/block', () => reply(422, strapiError(422, 'UnprocessableEntityError', message)));
    const { user } = renderAdmin(<CustomerBlockAction documentId="c1" />);
    await user.click(await screen.findByRole('button', { name: 'Block on WhatsApp' }));
    await user.click(await screen.findByRole('button', { name: 'Confirm' }));
    await screen.findByText(message);
    await waitFor(() => expect(screen.getByTestId('wa-block-state').getAttribute('data-blocked')).toBe('false'));
  });

  it('without customers-block shows the state but no button', async () => {
    permissions = {};
    server.get('/whatsapp/customers/c1/block', () => state(true));
    renderAdmin(<CustomerBlockAction documentId="c1" />);
    await screen.findByText('Blocked on WhatsApp');
    expect(screen.queryByRole('button', { name: 'Unblock' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Block on WhatsApp' })).toBeNull();
  });
});
