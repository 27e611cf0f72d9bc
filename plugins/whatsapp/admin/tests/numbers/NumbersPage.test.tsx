/**
 * The Numbers page as a whole: the phone-numbers table (PhoneNumbersTable) filled from
 * GET /whatsapp/phone-numbers, the free numbers offered to tenants, and the sync action.
 *
 * The one thing replaced in '@strapi/strapi/admin' is the permission layer: `useRBAC` and
 * `Page.Protect` read the logged-in user's permissions from the admin's Redux/RTK-Query auth
 * store, which only Strapi's full app bootstraps (it is not exported). Here the test decides the
 * user's permissions; every other export (Layouts, notifications, the fetch client, the API error
 * formatter) is the real one.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { NumbersPage } from '../../src/pages/Numbers';
import { phoneNumber, tenant, tenantsPage } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';

const permissions = { canNumbersSync: true, canNumbersAssign: true };

jest.mock('@strapi/strapi/admin', () => {
  const actual = jest.requireActual('@strapi/strapi/admin');
  return {
    ...actual,
    useRBAC: () => ({ allowedActions: permissions, isLoading: false, error: undefined, permissions: [] }),
    Page: { ...actual.Page, Protect: ({ children }: { children: React.ReactNode }) => children },
  };
});

const numbers = [
  phoneNumber({ isDefault: true }),
  phoneNumber({
    id: 'pn-2',
    phoneNumberId: '1000002',
    displayPhoneNumber: '+34 600 000 002',
    verifiedName: 'Globex Care',
    qualityRating: 'RED',
    tenant: { id: 'tenant-globex', name: 'Globex' },
  }),
  phoneNumber({
    id: 'pn-3',
    phoneNumberId: '1000003',
    displayPhoneNumber: '+34 600 000 003',
    verifiedName: 'Old line',
    qualityRating: null,
    missingAtMeta: true,
    messagingLimitTier: null,
  }),
];

beforeEach(() => {
  permissions.canNumbersSync = true;
  permissions.canNumbersAssign = true;
  server.get('/whatsapp/tenants', tenantsPage([tenant()]));
});

const rowOf = (text: string) => screen.getByText(text).closest('tr') as HTMLElement;

describe('Numbers page', () => {
  it('shows every number from the API with Meta’s details and who holds it', async () => {
    server.get('/whatsapp/phone-numbers', { data: numbers });
    renderAdmin(<NumbersPage />);

    expect(await screen.findByText('+34 600 000 001')).toBeInTheDocument();
    const first = within(rowOf('+34 600 000 001'));
    expect(first.getByText('1000001 · default number')).toBeInTheDocument();
    expect(first.getByText('Acme Support')).toBeInTheDocument();
    expect(first.getByText('GREEN')).toBeInTheDocument();
    expect(first.getByText('CONNECTED')).toBeInTheDocument();
    expect(first.getByText('TIER_1K')).toBeInTheDocument();
    expect(first.getByText('Main WABA')).toBeInTheDocument();
    expect(first.getByText('Free')).toBeInTheDocument();

    const taken = within(rowOf('+34 600 000 002'));
    expect(taken.getByText('Globex')).toBeInTheDocument();
    expect(taken.getByText('RED')).toBeInTheDocument();

    const gone = within(rowOf('+34 600 000 003'));
    expect(gone.getByText('No longer listed by Meta')).toBeInTheDocument();
    expect(gone.getByText('UNKNOWN')).toBeInTheDocument();
  });

  it('offers tenants only the numbers that are free and still listed by Meta', async () => {
    server.get('/whatsapp/phone-numbers', { data: numbers });
    const { user } = renderAdmin(<NumbersPage />);

    await user.click(await screen.findByRole('combobox', { name: 'Assign a number to Acme' }));
    const options = await screen.findAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['+34 600 000 001 · Acme Support']);
  });

  it('renders names from Meta as text, never as HTML', async () => {
    server.get('/whatsapp/phone-numbers', { data: [phoneNumber({ verifiedName: '<img src=x onerror=alert(1)>Evil' })] });
    const { container } = renderAdmin(<NumbersPage />);

    expect(await screen.findByText('<img src=x onerror=alert(1)>Evil')).toBeInTheDocument();
    expect(container.querySelector('img')).toBeNull();
  });

  it('syncing posts to the sync route, reports the count and reloads the numbers', async () => {
    let synced = false;
    server.get('/whatsapp/phone-numbers', () => ({ data: synced ? numbers : [] }));
    server.post('/whatsapp/phone-numbers/sync', () => {
      synced = true;
      return { data: { accounts: [{ accountId: 'acc-1', name: 'Main WABA', ok: true, created: 2, updated: 1, missing: 0 }] } };
    });
    const { user } = renderAdmin(<NumbersPage />);

    expect(await screen.findByText('No phone numbers yet. Sync them from Meta.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sync numbers' }));

    expect(await screen.findByText('3 numbers synced from Meta')).toBeInTheDocument();
    expect(await screen.findByText('+34 600 000 002')).toBeInTheDocument();
    expect(server.requests('POST', '/whatsapp/phone-numbers/sync')).toHaveLength(1);
  });

  it('a failed account in the sync is reported with Meta’s reason', async () => {
    server.get('/whatsapp/phone-numbers', { data: [] });
    server.post('/whatsapp/phone-numbers/sync', {
      data: {
        accounts: [
          {
            accountId: 'acc-1',
            name: 'Main WABA',
            ok: false,
            created: 0,
            updated: 0,
            missing: 0,
            error: { code: 190, title: 'OAuthException', message: 'The access token has expired' },
          },
        ],
      },
    });
    const { user } = renderAdmin(<NumbersPage />);

    await user.click(await screen.findByRole('button', { name: 'Sync numbers' }));
    expect(await screen.findByText('Sync of Main WABA failed: The access token has expired')).toBeInTheDocument();
    expect(screen.queryByText(/numbers synced from Meta/)).not.toBeInTheDocument();
  });

  it('without the sync permission there is no sync button', async () => {
    permissions.canNumbersSync = false;
    server.get('/whatsapp/phone-numbers', { data: numbers });
    renderAdmin(<NumbersPage />);

    expect(await screen.findByText('+34 600 000 001')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Sync numbers' })).not.toBeInTheDocument();
  });

  it('a failed load says so and retries on demand', async () => {
    let fail = true;
    server.get('/whatsapp/phone-numbers', () =>
      fail ? reply(500, strapiError(500, 'InternalServerError', 'Internal Server Error')) : { data: numbers }
    );
    const { user } = renderAdmin(<NumbersPage />);

    expect(await screen.findByText('The phone numbers could not be loaded.')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(screen.getByText('+34 600 000 001')).toBeInTheDocument());
  });
});
