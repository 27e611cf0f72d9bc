/**
 * The tenants table of the Numbers page (TenantsSection → TenantRow): rows come from
 * GET /whatsapp/tenants, a free number is assigned with POST /whatsapp/tenants/:id/assign-phone,
 * and the server's 409 (number taken meanwhile) is shown to the user.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { TenantsSection } from '../../src/pages/Numbers/TenantsSection';
import { phoneNumber, tenant, tenantsPage } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';
import type { TenantView } from '../../../shared/contracts/numbers';

const free = phoneNumber({ id: 'pn-2', phoneNumberId: '1000002', displayPhoneNumber: '+34 600 000 002', verifiedName: 'Acme Sales' });

/** A tenants endpoint backed by a list the test can change (as the database would after an assign). */
function tenantsApi(initial: TenantView[]) {
  const state = { tenants: initial };
  server.get('/whatsapp/tenants', () => tenantsPage(state.tenants));
  return state;
}

const row = (name: string) => screen.getByRole('row', { name });

describe('TenantsSection', () => {
  it('renders one row per tenant from the API, with its number, language and status', async () => {
    tenantsApi([
      tenant(),
      tenant({
        id: 'tenant-globex',
        name: 'Globex',
        defaultLanguage: 'es',
        phoneNumberId: '1000001',
        displayPhoneNumber: '+34 600 000 001',
        qualityRating: 'YELLOW',
        status: 'configured',
      }),
    ]);
    renderAdmin(<TenantsSection freeNumbers={[free]} canAssign />);

    expect(await screen.findByRole('row', { name: 'Globex' })).toBeInTheDocument();
    const globex = within(row('Globex'));
    expect(globex.getByText('+34 600 000 001')).toBeInTheDocument();
    expect(globex.getByText('YELLOW')).toBeInTheDocument();
    expect(globex.getByText('Configured')).toBeInTheDocument();
    expect(globex.getByRole('combobox', { name: 'Default language of Globex' })).toHaveTextContent('es');

    const acme = within(row('Acme'));
    expect(acme.getByText('No number')).toBeInTheDocument();
    expect(acme.getByText('Not configured')).toBeInTheDocument();
    expect(screen.getByText('2 tenants')).toBeInTheDocument();

    const [list] = server.requests('GET', '/whatsapp/tenants');
    expect(list.query).toEqual({ page: '1', pageSize: '20' });
  });

  it('shows the empty state when the server has no tenants', async () => {
    tenantsApi([]);
    renderAdmin(<TenantsSection freeNumbers={[]} canAssign />);
    expect(await screen.findByText('No tenants yet. Create them in the content manager (WhatsApp tenant).')).toBeInTheDocument();
  });

  it('assigning a free number posts its Meta id for that tenant and shows the result', async () => {
    const state = tenantsApi([tenant()]);
    server.post('/whatsapp/tenants/:id/assign-phone', ({ params, body }) => {
      const updated = tenant({
        id: params.id,
        phoneNumberId: body.phoneNumberId,
        displayPhoneNumber: '+34 600 000 002',
        qualityRating: 'GREEN',
        status: 'configured',
      });
      state.tenants = [updated];
      return { data: updated };
    });
    const { user } = renderAdmin(<TenantsSection freeNumbers={[free]} canAssign />);

    await user.click(await screen.findByRole('combobox', { name: 'Assign a number to Acme' }));
    await user.click(await screen.findByRole('option', { name: '+34 600 000 002 · Acme Sales' }));

    expect(await screen.findByText('+34 600 000 002 assigned to Acme')).toBeInTheDocument();
    const posts = server.requests('POST', '/whatsapp/tenants/tenant-acme/assign-phone');
    expect(posts).toHaveLength(1);
    expect(posts[0].body).toEqual({ phoneNumberId: '1000002' });
    expect(posts[0].headers.get('Content-Type')).toBe('application/json');

    // The list is fetched again and the row now shows the number and the new status.
    await waitFor(() => expect(within(row('Acme')).getByText('Configured')).toBeInTheDocument());
    expect(within(row('Acme')).getByText('+34 600 000 002')).toBeInTheDocument();
  });

  it('a 409 from the server (number taken meanwhile) shows its message and leaves the row unchanged', async () => {
    tenantsApi([tenant()]);
    server.post('/whatsapp/tenants/:id/assign-phone', () =>
      reply(409, strapiError(409, 'ConflictError', "Phone number +34 600 000 002 is already assigned to tenant 'Globex'", { holder: 'tenant-globex' }))
    );
    const { user } = renderAdmin(<TenantsSection freeNumbers={[free]} canAssign />);

    await user.click(await screen.findByRole('combobox', { name: 'Assign a number to Acme' }));
    await user.click(await screen.findByRole('option', { name: '+34 600 000 002 · Acme Sales' }));

    expect(await screen.findByText("Phone number +34 600 000 002 is already assigned to tenant 'Globex'")).toBeInTheDocument();
    expect(screen.queryByText('+34 600 000 002 assigned to Acme')).not.toBeInTheDocument();
    expect(within(row('Acme')).getByText('No number')).toBeInTheDocument();
    // The select is usable again for another try.
    await waitFor(() => expect(screen.getByRole('combobox', { name: 'Assign a number to Acme' })).not.toBeDisabled());
  });

  it('unassigning asks for confirmation, then deletes the assignment', async () => {
    const state = tenantsApi([
      tenant({ phoneNumberId: '1000001', displayPhoneNumber: '+34 600 000 001', qualityRating: 'GREEN', status: 'configured' }),
    ]);
    server.delete('/whatsapp/tenants/:id/assign-phone', ({ params }) => {
      state.tenants = [tenant({ id: params.id })];
      return { data: state.tenants[0] };
    });
    const { user } = renderAdmin(<TenantsSection freeNumbers={[]} canAssign />);

    await user.click(await screen.findByRole('button', { name: 'Unassign' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent(
      'Acme will stop sending and receiving WhatsApp messages on +34 600 000 001 until it gets a number again.'
    );
    expect(server.requests('DELETE')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));
    expect(await screen.findByText('Number removed from Acme')).toBeInTheDocument();
    expect(server.requests('DELETE', '/whatsapp/tenants/tenant-acme/assign-phone')).toHaveLength(1);
    await waitFor(() => expect(within(row('Acme')).getByText('No number')).toBeInTheDocument());
  });

  it('the WhatsApp switch saves the tenant setting', async () => {
    tenantsApi([tenant()]);
    server.put('/whatsapp/tenants/:id/settings', ({ params, body }) => ({ data: tenant({ id: params.id, ...body }) }));
    const { user } = renderAdmin(<TenantsSection freeNumbers={[]} canAssign />);

    await user.click(await screen.findByRole('switch', { name: 'WhatsApp for Acme' }));
    await waitFor(() => expect(server.requests('PUT', '/whatsapp/tenants/tenant-acme/settings')).toHaveLength(1));
    expect(server.requests('PUT')[0].body).toEqual({ whatsappEnabled: false });
  });

  it('without the assign permission there is nothing to change', async () => {
    tenantsApi([tenant({ phoneNumberId: '1000001', displayPhoneNumber: '+34 600 000 001', status: 'configured' })]);
    renderAdmin(<TenantsSection freeNumbers={[free]} canAssign={false} />);

    expect(await screen.findByRole('row', { name: 'Acme' })).toBeInTheDocument();
    expect(screen.queryByRole('combobox', { name: 'Assign a number to Acme' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Unassign' })).not.toBeInTheDocument();
    expect(screen.getByRole('switch', { name: 'WhatsApp for Acme' })).toBeDisabled();
  });

  it('searching asks the server with the typed text', async () => {
    server.get('/whatsapp/tenants', ({ query }) => tenantsPage(query.q ? [] : [tenant()]));
    const { user } = renderAdmin(<TenantsSection freeNumbers={[]} canAssign />);

    await screen.findByRole('row', { name: 'Acme' });
    await user.type(screen.getByRole('searchbox', { name: 'Search tenants or numbers' }), 'zzz');

    expect(await screen.findByText('No tenant matches this search.')).toBeInTheDocument();
    expect(server.requests('GET', '/whatsapp/tenants').at(-1)!.query).toEqual({ q: 'zzz', page: '1', pageSize: '20' });
  });
});
