/**
 * The customer panel beside the conversation: the contact with its consent state and dates, the
 * linked records grouped by type with links to their Content Manager pages, "All N" when there
 * are more, the empty state and an error.
 */
import { screen, within } from '@testing-library/react';
import type { GetCustomerRecords } from '../../../shared/contracts/customer-records';
import { CustomerPanel } from '../../src/components/CustomerPanel/CustomerPanel';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';

const PO = 'api::purchase-order.purchase-order';

const contact = (overrides: Partial<GetCustomerRecords.Contact> = {}): GetCustomerRecords.Contact => ({
  documentId: 'c1',
  name: 'Ana García',
  profileName: null,
  phone: '+34611222333',
  waId: '34611222333',
  userId: null,
  username: null,
  email: null,
  language: 'es',
  tenant: { documentId: 't1', name: 'Panadería La Espiga' },
  optedIn: true,
  optedInAt: '2026-11-01T10:00:00.000Z',
  optedOut: false,
  optedOutAt: null,
  marketingOptOut: true,
  marketingOptOutAt: '2026-11-20T10:00:00.000Z',
  lastInboundAt: null,
  blocked: null,
  ...overrides,
});

const record = (documentId: string, title: string): GetCustomerRecords.LinkedRecord => ({
  documentId,
  title,
  updatedAt: '2026-11-30T10:00:00.000Z',
  to: `/content-manager/collection-types/${PO}/${documentId}`,
  href: `/admin/content-manager/collection-types/${PO}/${documentId}`,
});

describe('CustomerPanel', () => {
  it('shows the contact, its consent and the records by type, each linking to the Content Manager', async () => {
    server.get('/whatsapp/customers/c1/records', () => ({
      data: {
        customer: contact(),
        groups: [
          {
            uid: PO,
            displayName: 'Purchase order',
            titleField: 'poNumber',
            links: [{ kind: 'related-phone', attribute: 'supplier', target: 'api::supplier.supplier', phoneAttribute: 'phone' }],
            count: 7,
            records: [record('po1', 'PO-2026-0041'), record('po2', 'PO-2026-0042')],
            listTo: `/content-manager/collection-types/${PO}`,
          },
        ],
      },
    }));
    renderAdmin(<CustomerPanel customerDocumentId="c1" />);

    const panel = await screen.findByRole('complementary', { name: 'Customer' });
    await within(panel).findByText('Ana García');
    expect(within(panel).getByText('+34611222333')).toBeTruthy();
    expect(within(panel).getByText('34611222333')).toBeTruthy();
    expect(within(panel).getByText('Panadería La Espiga')).toBeTruthy();
    expect(within(panel).getByTestId('wa-consent-opt-in').textContent).toBe('Opted in');
    expect(within(panel).getByTestId('wa-consent-opt-out').textContent).toBe('Not opted out');
    expect(within(panel).getByTestId('wa-consent-marketing').textContent).toBe('No marketing');
    expect(within(panel).getAllByText(/^since /)).toHaveLength(2);
    expect(within(panel).getByTestId('wa-consent-blocked').textContent).toBe('Not blocked');

    const orders = within(panel).getByRole('region', { name: 'Purchase order' });
    expect(within(orders).getByText('7 records')).toBeTruthy();
    expect(within(orders).getByRole('link', { name: 'PO-2026-0041' }).getAttribute('href')).toBe(`/content-manager/collection-types/${PO}/po1`);
    expect(within(orders).getByRole('link', { name: 'All 7 in the Content Manager' }).getAttribute('href')).toBe(`/content-manager/collection-types/${PO}`);
  });

  it('says when no records point to the customer, and that the contact has no name', async () => {
    server.get('/whatsapp/customers/c1/records', () => ({ data: { customer: contact({ name: null, optedIn: false }), groups: [] } }));
    renderAdmin(<CustomerPanel customerDocumentId="c1" />);
    await screen.findByText('No records point to this customer, or you may not read them.');
    expect(screen.getByText('No name')).toBeTruthy();
    expect(screen.getByTestId('wa-consent-opt-in').textContent).toBe('No opt-in');
  });

  it('shows a customer blocked on WhatsApp, since when and by whom', async () => {
    server.get('/whatsapp/customers/c1/records', () => ({
      data: { customer: contact({ blocked: { at: '2026-12-01T10:00:00.000Z', byName: 'Sara Supervisor' } }), groups: [] },
    }));
    renderAdmin(<CustomerPanel customerDocumentId="c1" />);
    await screen.findByText('Ana García');
    expect(screen.getByTestId('wa-consent-blocked').textContent).toBe('Blocked on WhatsApp');
    expect(screen.getByText(/^since .*, by Sara Supervisor$/)).toBeTruthy();
  });

  it('shows the server error', async () => {
    server.get('/whatsapp/customers/gone/records', () => reply(404, strapiError(404, 'NotFoundError', 'Customer not found')));
    renderAdmin(<CustomerPanel customerDocumentId="gone" />);
    await screen.findByText(/Customer not found/);
  });
});
