/**
 * The audit panel: entries from GET /whatsapp/audit in words (who, what, before → after), the
 * system named when no admin did it, the subject filter sent to the server, paging, an error.
 */
import { screen, within } from '@testing-library/react';
import type { AuditEntryView, ListAudit } from '../../../shared/contracts/audit';
import { AuditLog } from '../../src/components/AuditLog';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';

const entry = (overrides: Partial<AuditEntryView>): AuditEntryView => ({
  id: 1,
  action: 'number.assigned',
  occurredAt: '2026-12-01T10:00:00.000Z',
  actor: { id: 7, name: 'Ana Admin' },
  subject: { type: 'tenant', documentId: 't1', label: 'Panadería La Espiga' },
  before: { phoneNumberId: null },
  after: { phoneNumberId: '100000000000001', displayPhoneNumber: '+34 600 000 001' },
  ...overrides,
});

const page = (data: AuditEntryView[], pageNumber = 1, pageCount = 1): ListAudit.Response => ({
  data,
  meta: { pagination: { page: pageNumber, pageSize: 10, pageCount, total: data.length * pageCount }, retentionDays: 90 },
});

describe('AuditLog', () => {
  it('shows who changed what, before → after, and the system when no admin did it', async () => {
    server.get('/whatsapp/audit', () =>
      page([
        entry({}),
        entry({ id: 2, action: 'tenant.settings-changed', actor: null, before: { whatsappEnabled: true }, after: { whatsappEnabled: false } }),
        entry({ id: 3, action: 'account.secret-rotated', subject: { type: 'account', documentId: 'a1', label: 'Bilbao Bikes' }, before: null, after: { accessToken: 'rotated' } }),
      ])
    );
    renderAdmin(<AuditLog subjectType="tenant" title="Audit log of tenants" />);

    const section = await screen.findByRole('region', { name: 'Audit log of tenants' });
    const assigned = (await within(section).findByText('Number assigned')).closest('tr') as HTMLElement;
    expect(within(assigned).getByText('Ana Admin')).toBeTruthy();
    expect(within(assigned).getByText('Panadería La Espiga')).toBeTruthy();
    expect(within(assigned).getByText('Number id: none → 100000000000001')).toBeTruthy();

    const switched = within(section).getByText('Tenant settings changed').closest('tr') as HTMLElement;
    expect(within(switched).getByText('System')).toBeTruthy();
    expect(within(switched).getByText('WhatsApp: on → off')).toBeTruthy();
    expect(within(section).getByText('Access token: rotated')).toBeTruthy();
    expect(within(section).getByText(/kept for 90 days/)).toBeTruthy();

    expect(server.requests('GET', '/whatsapp/audit')[0].query).toMatchObject({ subjectType: 'tenant', page: '1', pageSize: '10' });
  });

  it('pages through older entries', async () => {
    server.get('/whatsapp/audit', ({ query }) =>
      query.page === '2' ? page([entry({ id: 20, action: 'automation.disabled', subject: { type: 'automation', documentId: 'r1', label: 'PO rule' } })], 2, 2) : page([entry({})], 1, 2)
    );
    const { user } = renderAdmin(<AuditLog />);
    await screen.findByText('Number assigned');
    await user.click(screen.getByRole('button', { name: 'Next' }));
    await screen.findByText('Rule switched off');
    expect(screen.getByText('Page 2 of 2')).toBeTruthy();
  });

  it('says when the log cannot be loaded and retries', async () => {
    let calls = 0;
    server.get('/whatsapp/audit', () => (++calls === 1 ? reply(403, strapiError(403, 'ForbiddenError', 'Policy Failed')) : page([])));
    const { user } = renderAdmin(<AuditLog />);
    await screen.findByText('The audit log could not be loaded.');
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await screen.findByText('Nothing changed yet.');
  });
});
