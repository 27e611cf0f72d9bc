/**
 * The automation rule editor (pages/Automations/AutomationEditPage with MappingRows, PathSelect):
 * content type, trigger, condition, recipient, template and its variable mapping; Save sends the
 * rule to POST /whatsapp/automations (new) or PUT /whatsapp/automations/:documentId (existing), and
 * the server's validation errors are shown on the fields they name.
 */
import { screen, waitFor, within } from '@testing-library/react';
import { AutomationEditPage } from '../../src/pages/Automations/AutomationEditPage';
import { articleType, automationTemplate, purchaseOrderType } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';
import type { AutomationDto } from '../../../shared/contracts/automations';

const PO = 'api::purchase-order.purchase-order';

function automation(overrides: Partial<AutomationDto> = {}): AutomationDto {
  return {
    documentId: 'auto-1',
    name: 'PO approved → supplier',
    enabled: true,
    contentType: PO,
    event: 'updated',
    condition: { field: 'status', operator: 'changedTo', value: 'approved' },
    recipientPath: 'supplier.phone',
    tenantPath: 'tenant',
    tenant: null,
    templateName: 'po_approved',
    language: 'en',
    parameterMapping: { 'body.1': { source: 'field', path: 'poNumber', format: 'auto' }, 'body.2': { source: 'fixed', value: 'Acme' } },
    sentCount: 0,
    failedCount: 0,
    lastRunAt: null,
    lastError: null,
    recentRuns: [],
    createdAt: '2025-01-01T10:00:00.000Z',
    updatedAt: '2025-01-01T10:00:00.000Z',
    ...overrides,
  };
}

function editorApi() {
  server.get('/whatsapp/automations/content-types', { data: [purchaseOrderType(), articleType()] });
  server.get('/whatsapp/automations/templates', {
    data: [
      { ...automationTemplate(), components: [] },
      { ...automationTemplate({ documentId: 'tpl-welcome', name: 'welcome', status: 'PENDING', slots: [] }), components: [] },
    ],
  });
  // What the editor of a saved rule also shows: the dry-run record picker and the activity log.
  server.get('/content-manager/collection-types/:uid', { results: [] });
  server.get('/whatsapp/automations/:documentId/activity', { data: { runs: [], messages: [] } });
}

function renderNew() {
  return renderAdmin(<AutomationEditPage />, {
    route: '/automations/new',
    path: '/automations/new',
    routes: [
      { path: '/automations/:documentId', element: <AutomationEditPage /> },
      { path: '/automations', element: <p>Rules list</p> },
    ],
  });
}

function renderExisting(documentId = 'auto-1') {
  return renderAdmin(<AutomationEditPage />, {
    route: `/automations/${documentId}`,
    path: '/automations/:documentId',
    routes: [{ path: '/automations', element: <p>Rules list</p> }],
  });
}

type User = ReturnType<typeof renderAdmin>['user'];

/** Opens a design-system select by its accessible name and picks an option. */
async function choose(user: User, select: HTMLElement, option: string) {
  await user.click(select);
  await user.click(await screen.findByRole('option', { name: option }));
  await waitFor(() => expect(screen.queryByRole('listbox')).not.toBeInTheDocument());
}

const combobox = (name: string) => screen.getByRole('combobox', { name });
const lastCombobox = (name: string) => screen.getAllByRole('combobox', { name }).at(-1)!;
const saved = (method: 'POST' | 'PUT') => server.requests(method).filter((r) => r.path.startsWith('/whatsapp/automations'));

describe('automation editor, new rule', () => {
  beforeEach(editorApi);

  it('builds a rule from the pickers and saves exactly that rule', async () => {
    server.post('/whatsapp/automations', ({ body }) =>
      reply(201, { data: automation({ ...body, documentId: 'auto-new', tenant: null }), meta: { warnings: [] } })
    );
    server.get('/whatsapp/automations/:documentId', ({ params }) => ({ data: automation({ documentId: params.documentId }) }));
    const { user, location } = renderNew();

    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'PO approved → supplier');
    await choose(user, combobox('When a record of'), `Purchase order (${PO})`);
    expect(combobox('is')).toHaveTextContent('updated');

    await choose(user, combobox('Only if'), 'the field changes to');
    await choose(user, combobox('Field'), 'status');
    // An enumeration field offers its values.
    await choose(user, combobox('To'), 'approved');

    await choose(user, combobox('Send to'), 'supplier.phone');
    await choose(user, combobox('Tenant'), 'tenant → plugin::whatsapp.tenant');

    expect(screen.getByText('Pick a template to map its variables.')).toBeInTheDocument();
    await choose(user, combobox('Template'), 'po_approved (en) · APPROVED');

    // One row per template variable.
    expect(screen.getByText('{{1}}')).toBeInTheDocument();
    expect(screen.getByText('{{2}}')).toBeInTheDocument();
    const [first, second] = screen.getAllByRole('combobox', { name: 'Value from' });
    await choose(user, first, 'A field of the record');
    await choose(user, lastCombobox('Field'), 'poNumber');
    await choose(user, second, 'A fixed text');
    await user.type(screen.getByRole('textbox', { name: 'Text' }), 'Acme');

    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Rule saved')).toBeInTheDocument();
    expect(saved('POST')).toHaveLength(1);
    expect(saved('POST')[0].path).toBe('/whatsapp/automations');
    expect(saved('POST')[0].body).toEqual({
      name: 'PO approved → supplier',
      enabled: true,
      contentType: PO,
      event: 'updated',
      condition: { field: 'status', operator: 'changedTo', value: 'approved' },
      recipientPath: 'supplier.phone',
      tenantPath: 'tenant',
      templateName: 'po_approved',
      language: 'en',
      parameterMapping: {
        'body.1': { source: 'field', path: 'poNumber', format: 'auto' },
        'body.2': { source: 'fixed', value: 'Acme' },
      },
    });
    // The new rule opens at its own address.
    await waitFor(() => expect(location().pathname).toBe('/automations/auto-new'));
  });

  it('shows the server’s validation errors on the fields they name, and stays on the form', async () => {
    server.post('/whatsapp/automations', () =>
      reply(
        400,
        strapiError(400, 'ValidationError', '2 errors occurred', {
          errors: [
            { path: ['recipientPath'], message: 'a field path is required', name: 'ValidationError' },
            { path: ['parameterMapping', 'body.2'], message: 'a fixed text must not be empty', name: 'ValidationError' },
          ],
        })
      )
    );
    const { user, location } = renderNew();

    await user.type(await screen.findByRole('textbox', { name: 'Name' }), 'Half done');
    await choose(user, combobox('When a record of'), `Purchase order (${PO})`);
    await choose(user, combobox('Template'), 'po_approved (en) · APPROVED');
    await choose(user, screen.getAllByRole('combobox', { name: 'Value from' })[1], 'A fixed text');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('a field path is required')).toBeInTheDocument();
    expect(combobox('Send to')).toHaveAccessibleDescription(expect.stringContaining('a field path is required'));
    expect(screen.getAllByRole('combobox', { name: 'Value from' })[1]).toHaveAccessibleDescription(
      expect.stringContaining('a fixed text must not be empty')
    );
    expect(screen.queryByText('Rule saved')).not.toBeInTheDocument();
    expect(location().pathname).toBe('/automations/new');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveValue('Half done');
  });

  it('offers “published” and explains it only for draft & publish types', async () => {
    const { user } = renderNew();

    await choose(user, await screen.findByRole('combobox', { name: 'When a record of' }), `Purchase order (${PO})`);
    await user.click(combobox('is'));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['created', 'updated', 'deleted']);
    await user.keyboard('{Escape}');

    await choose(user, combobox('When a record of'), 'Article (api::article.article)');
    expect(screen.getByText('Draft & publish: rules watch the published version')).toBeInTheDocument();
    await user.click(combobox('is'));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['created', 'updated', 'published', 'deleted']);
  });

  it('offers recipients and tenants from the chosen content type’s fields', async () => {
    const { user } = renderNew();
    await choose(user, await screen.findByRole('combobox', { name: 'When a record of' }), `Purchase order (${PO})`);

    await user.click(combobox('Send to'));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual([
      'poNumber',
      'supplier → api::supplier.supplier',
      'supplier.name',
      'supplier.phone',
      'tenant → plugin::whatsapp.tenant',
      'tenant.name',
    ]);
    await user.keyboard('{Escape}');

    await user.click(combobox('Tenant'));
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['tenant → plugin::whatsapp.tenant']);
  });

  it('warns that a template Meta has not approved will not send', async () => {
    const { user } = renderNew();
    await choose(user, await screen.findByRole('combobox', { name: 'Template' }), 'welcome (en) · PENDING');
    expect(screen.getByText('PENDING: sends fail until Meta approves it')).toBeInTheDocument();
    expect(screen.getByText('This template has no variables.')).toBeInTheDocument();
  });

  it('a failed load of the pickers shows the error page, not a half-usable form', async () => {
    server.get('/whatsapp/automations/templates', () => reply(500, strapiError(500, 'InternalServerError', 'Internal Server Error')));
    renderNew();
    expect(await screen.findByText(/Whoops! Something went wrong/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Save' })).not.toBeInTheDocument();
  });
});

describe('automation editor, existing rule', () => {
  beforeEach(() => {
    editorApi();
    server.get('/whatsapp/automations/:documentId', ({ params }) => ({ data: automation({ documentId: params.documentId }) }));
  });

  it('opens with the saved rule and saves a change with PUT, showing the server’s warnings', async () => {
    server.put('/whatsapp/automations/:documentId', ({ params, body }) => ({
      data: automation({ ...body, documentId: params.documentId }),
      meta: { warnings: [{ field: 'templateName', message: 'The template po_approved (en) was paused by Meta.' }] },
    }));
    const { user, location } = renderExisting();

    const name = await screen.findByRole('textbox', { name: 'Name' });
    expect(name).toHaveValue('PO approved → supplier');
    expect(combobox('When a record of')).toHaveTextContent(`Purchase order (${PO})`);
    expect(combobox('Only if')).toHaveTextContent('the field changes to');
    expect(combobox('To')).toHaveTextContent('approved');
    expect(combobox('Send to')).toHaveTextContent('supplier.phone');
    expect(combobox('Template')).toHaveTextContent('po_approved (en) · APPROVED');
    expect(screen.getByRole('textbox', { name: 'Text' })).toHaveValue('Acme');

    await user.clear(name);
    await user.type(name, 'PO approved (v2)');
    await user.click(screen.getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('The template po_approved (en) was paused by Meta.')).toBeInTheDocument();
    expect(screen.getByText('Rule saved')).toBeInTheDocument();
    expect(saved('POST')).toHaveLength(0);
    const [put] = saved('PUT');
    expect(put.path).toBe('/whatsapp/automations/auto-1');
    expect(put.body).toEqual({
      name: 'PO approved (v2)',
      enabled: true,
      contentType: PO,
      event: 'updated',
      condition: { field: 'status', operator: 'changedTo', value: 'approved' },
      recipientPath: 'supplier.phone',
      tenantPath: 'tenant',
      tenant: null,
      templateName: 'po_approved',
      language: 'en',
      parameterMapping: {
        'body.1': { source: 'field', path: 'poNumber', format: 'auto' },
        'body.2': { source: 'fixed', value: 'Acme' },
      },
    });
    expect(location().pathname).toBe('/automations/auto-1');
  });

  it('switching the rule off and the condition to “Always” is what gets saved', async () => {
    server.put('/whatsapp/automations/:documentId', ({ body }) => ({ data: automation(body), meta: { warnings: [] } }));
    const { user } = renderExisting();

    await user.click(await screen.findByRole('checkbox', { name: 'Enabled' }));
    await choose(user, combobox('Only if'), 'Always');
    expect(screen.queryByRole('combobox', { name: 'To' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Rule saved');
    expect(saved('PUT')[0].body).toMatchObject({ enabled: false, condition: null });
  });

  it('choosing another content type clears the paths that belonged to the old one', async () => {
    server.put('/whatsapp/automations/:documentId', ({ body }) => ({ data: automation(body), meta: { warnings: [] } }));
    const { user } = renderExisting();

    await choose(user, await screen.findByRole('combobox', { name: 'When a record of' }), 'Article (api::article.article)');
    expect(screen.queryByRole('combobox', { name: 'To' })).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Text' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await screen.findByText('Rule saved');
    expect(saved('PUT')[0].body).toMatchObject({
      contentType: 'api::article.article',
      condition: null,
      recipientPath: '',
      tenantPath: null,
      parameterMapping: {},
    });
  });

  it('keeps a saved path the pickers do not offer, instead of dropping it', async () => {
    server.get('/whatsapp/automations/:documentId', () => ({ data: automation({ recipientPath: 'customer.mobile' }) }));
    server.put('/whatsapp/automations/:documentId', ({ body }) => ({ data: automation(body), meta: { warnings: [] } }));
    const { user } = renderExisting();

    expect(await screen.findByRole('combobox', { name: 'Send to' })).toHaveTextContent('customer.mobile');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Rule saved');
    expect(saved('PUT')[0].body.recipientPath).toBe('customer.mobile');
  });

  it('mapping keys the template does not have are flagged', async () => {
    server.get('/whatsapp/automations/:documentId', () => ({
      data: automation({ parameterMapping: { 'body.1': { source: 'adminUrl' }, 'body.9': { source: 'fixed', value: 'x' } } }),
    }));
    renderExisting();
    expect(await screen.findByText(/Not variables of this template \(will be refused\):/)).toHaveTextContent('body.9');
  });

  it('deleting asks for confirmation, deletes and goes back to the list', async () => {
    server.delete('/whatsapp/automations/:documentId', () => reply(204));
    const { user, location } = renderExisting();

    await user.click(await screen.findByRole('button', { name: 'Delete' }));
    const dialog = await screen.findByRole('alertdialog');
    expect(server.requests('DELETE')).toHaveLength(0);
    await user.click(within(dialog).getByRole('button', { name: 'Confirm' }));

    await waitFor(() => expect(location().pathname).toBe('/automations'));
    expect(server.requests('DELETE', '/whatsapp/automations/auto-1')).toHaveLength(1);
    expect(screen.getByText('Rules list')).toBeInTheDocument();
  });
});
