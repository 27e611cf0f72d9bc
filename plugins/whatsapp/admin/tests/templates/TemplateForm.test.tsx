/**
 * The template form (pages/Templates/TemplateFormPage + components/TemplateForm): a template is
 * written field by field, never as JSON: header with a media-library sample uploaded to Meta,
 * body with "Add variable" and one example per variable, footer, and a button builder; lint
 * findings and the preview follow the typing; saving posts the authoring fields to the plugin's
 * route; an edit of an approved template that Meta refuses shows Meta's edit limits.
 *
 * Strapi's media library dialog needs the StrapiApp context, which only the full admin provides:
 * the page takes the picker as a prop, and here a stand-in offers one library file.
 */
import { screen, waitFor, within } from '@testing-library/react';
import type { TemplateDetail } from '../../../shared/contracts/templates';
import type { SamplePicker } from '../../src/components/TemplateForm';
import { TemplateFormPage } from '../../src/pages/Templates/TemplateFormPage';
import { template } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';

const LibraryStandIn: SamplePicker = ({ onPick, onClose }) => (
  <div role="dialog" aria-label="Media library">
    <button type="button" onClick={() => onPick({ id: 7, name: 'new-bread.png', mime: 'image/png', url: '/uploads/new-bread.png' })}>
      new-bread.png
    </button>
    <button type="button" onClick={onClose}>
      Close
    </button>
  </div>
);

function detail(overrides: Partial<TemplateDetail> = {}, authoring: Partial<TemplateDetail['authoring']> = {}): TemplateDetail {
  return {
    ...template({ documentId: 'tpl-new', name: 'fresh_bread', status: 'DRAFT', metaTemplateId: null }),
    authoring: {
      name: 'fresh_bread',
      language: 'en',
      category: 'MARKETING',
      parameterFormat: 'POSITIONAL',
      headerFormat: 'NONE',
      headerText: null,
      headerExample: null,
      body: '',
      bodyExamples: null,
      footer: null,
      buttons: [],
      ...authoring,
    },
    ...overrides,
  } as TemplateDetail;
}

const textbox = (name: string | RegExp) => screen.getByRole('textbox', { name });
const lint = () => screen.queryByTestId('template-lint');

async function choose(user: any, label: string, option: string) {
  await user.click(screen.getByRole('combobox', { name: label }));
  await user.click(await screen.findByRole('option', { name: option }));
}

describe('template form', () => {
  it('authors a media-header template with two variables and two buttons, linting while typing, and saves it', async () => {
    server.post('/whatsapp/templates/header-sample', ({ body }) => ({
      data: { handle: '4::aW1hZ2UvcG5n:handle-7', format: body.format, file: { id: 7, name: 'new-bread.png', mime: 'image/png', url: '/uploads/new-bread.png' } },
    }));
    server.post('/whatsapp/templates', ({ body }) => reply(201, { data: detail({}, body), findings: [] }));
    server.get('/whatsapp/templates/tpl-new', { data: detail() });

    const { user, location } = renderAdmin(<TemplateFormPage canManage SamplePicker={LibraryStandIn} />, {
      route: '/templates/new',
      path: '/templates/new',
      routes: [{ path: '/templates/:documentId', element: <TemplateFormPage canManage SamplePicker={LibraryStandIn} /> }],
    });

    await user.type(textbox('Name'), 'fresh_bread');
    await choose(user, 'Category', 'Marketing');

    // Header: an image sample from the media library, uploaded to Meta for its handle.
    await choose(user, 'Header type', 'Image');
    expect(within(lint()!).getByText(/image header needs a sample file/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Choose a sample from the media library' }));
    await user.click(within(screen.getByRole('dialog', { name: 'Media library' })).getByRole('button', { name: 'new-bread.png' }));
    expect(await screen.findByText('Sample new-bread.png uploaded to WhatsApp.')).toBeInTheDocument();
    expect(server.requests('POST', '/whatsapp/templates/header-sample')[0].body).toEqual({ file: 7, format: 'IMAGE', account: null });

    // Body: "Add variable" twice, one example field per variable.
    await user.type(textbox('Message'), 'Hi');
    await user.click(screen.getByRole('button', { name: 'Add variable' }));
    expect(textbox('Message')).toHaveValue('Hi {{1}}');
    expect(within(lint()!).getByText(/may not end with a variable/)).toBeInTheDocument();
    await user.type(textbox('Message'), ', your bread is ready at');
    await user.click(screen.getByRole('button', { name: 'Add variable' }));
    await user.type(textbox('Message'), ' today.');
    expect(textbox('Message')).toHaveValue('Hi {{1}}, your bread is ready at {{2}} today.');
    // The finding shows under the field and in the rules list.
    expect(screen.getAllByText('Give an example value for {{2}}: Meta reviews the template with it.')).toHaveLength(2);
    await user.type(textbox('Example for {{1}}'), 'Lucy');
    await user.type(textbox('Example for {{2}}'), 'Calle Mayor 3');
    expect(screen.getByTestId('template-preview-body')).toHaveTextContent('Hi Lucy, your bread is ready at Calle Mayor 3 today.');
    expect(screen.getByText('45 / 1024 characters')).toBeInTheDocument();

    // Buttons: a quick reply whose label is too long until shortened, and a URL with a dynamic suffix.
    await user.click(screen.getByRole('button', { name: 'Add Quick reply' }));
    await user.type(textbox('Label of button 1'), 'I will come by later today, thanks');
    expect(screen.getAllByText('The button label is 34 characters long; the limit is 25.').length).toBeGreaterThan(0);
    await user.clear(textbox('Label of button 1'));
    await user.type(textbox('Label of button 1'), 'On my way');
    await user.click(screen.getByRole('button', { name: 'Add Website (URL)' }));
    await user.type(textbox('Label of button 2'), 'See the bakery');
    await user.clear(textbox('URL of button 2'));
    await user.type(textbox('URL of button 2'), 'https://bakery.example.com/shops');
    await user.click(screen.getByRole('button', { name: 'Add a dynamic suffix' }));
    expect(textbox('URL of button 2')).toHaveValue('https://bakery.example.com/shops/{{1}}');
    expect(within(lint()!).getByText(/Give an example value for the \{\{1\}\} at the end of the URL/)).toBeInTheDocument();
    await user.type(textbox('Example suffix of button 2'), 'mayor-3');

    await waitFor(() => expect(screen.getByTestId('template-lint-ok')).toBeInTheDocument());
    await user.click(screen.getByRole('button', { name: 'Save' }));

    await waitFor(() => expect(location().pathname).toBe('/templates/tpl-new'));
    expect(server.requests('POST', '/whatsapp/templates')[0].body).toEqual({
      name: 'fresh_bread',
      language: 'en',
      category: 'MARKETING',
      parameterFormat: 'POSITIONAL',
      headerFormat: 'IMAGE',
      headerText: null,
      headerExample: '4::aW1hZ2UvcG5n:handle-7',
      body: 'Hi {{1}}, your bread is ready at {{2}} today.',
      bodyExamples: ['Lucy', 'Calle Mayor 3'],
      footer: null,
      buttons: [
        { type: 'QUICK_REPLY', text: 'On my way' },
        { type: 'URL', text: 'See the bakery', url: 'https://bakery.example.com/shops/{{1}}', example: 'mayor-3' },
      ],
    });
    expect(await screen.findByText('Template saved.')).toBeInTheDocument();
    // Typing a whole template key by key takes a while on a loaded machine.
  }, 120_000);

  it('adds named variables with their examples, stored as a map', async () => {
    server.post('/whatsapp/templates', ({ body }) => reply(201, { data: detail({}, body), findings: [] }));
    server.get('/whatsapp/templates/tpl-new', { data: detail() });
    const { user } = renderAdmin(<TemplateFormPage canManage SamplePicker={LibraryStandIn} />, {
      route: '/templates/new',
      path: '/templates/new',
      routes: [{ path: '/templates/:documentId', element: <div /> }],
    });
    await user.type(textbox('Name'), 'named_vars');
    await choose(user, 'Variables', 'Named: {{first_name}}');
    await user.type(textbox('Message'), 'Hello');
    await user.type(textbox('Variable name'), 'first_name');
    await user.click(screen.getByRole('button', { name: 'Add variable' }));
    await user.type(textbox('Message'), ', your bread is ready.');
    expect(textbox('Message')).toHaveValue('Hello {{first_name}}, your bread is ready.');
    expect(screen.getAllByText('Give an example value for {{first_name}}: Meta reviews the template with it.')).toHaveLength(2);
    await user.type(textbox('Example for {{first_name}}'), 'Lucy');
    expect(screen.getByTestId('template-preview-body')).toHaveTextContent('Hello Lucy, your bread is ready.');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(server.requests('POST', '/whatsapp/templates')).toHaveLength(1));
    expect(server.requests('POST', '/whatsapp/templates')[0].body).toMatchObject({
      parameterFormat: 'NAMED',
      body: 'Hello {{first_name}}, your bread is ready.',
      bodyExamples: { first_name: 'Lucy' },
    });
  }, 60_000);

  it('enforces Meta’s per-type button limits in the builder', async () => {
    const { user } = renderAdmin(<TemplateFormPage canManage SamplePicker={LibraryStandIn} />, { route: '/templates/new', path: '/templates/new' });
    await user.click(screen.getByRole('button', { name: 'Add Website (URL)' }));
    await user.click(screen.getByRole('button', { name: 'Add Website (URL)' }));
    expect(screen.getByRole('button', { name: 'Add Website (URL)' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Add Call phone number' }));
    expect(screen.getByRole('button', { name: 'Add Call phone number' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Add Copy code' }));
    expect(screen.getByRole('button', { name: 'Add Copy code' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Add Quick reply' })).toBeEnabled();
    expect(screen.getAllByTestId('template-button')).toHaveLength(4);
    await user.click(screen.getByRole('button', { name: 'Remove button 1' }));
    expect(screen.getByRole('button', { name: 'Add Website (URL)' })).toBeEnabled();
  });

  it('edits an approved template at Meta and shows Meta’s edit limits when the edit is refused', async () => {
    const approved = detail(
      { documentId: 'tpl-approved', name: 'order_ready', status: 'APPROVED', metaTemplateId: '555001' },
      { name: 'order_ready', category: 'UTILITY', body: 'Your order is ready for pickup.' }
    );
    server.get('/whatsapp/templates/tpl-approved', { data: approved });
    const message =
      'Meta refused the template. Meta said: An approved template can be edited 1 time in 24 hours; this one already was. Try again later.';
    server.put('/whatsapp/templates/tpl-approved', () =>
      reply(400, strapiError(400, 'ApplicationError', message, { meta: { code: 100, title: 'Invalid parameter' }, editLimits: { perDay: 1, perThirtyDays: 10 } }))
    );

    const { user } = renderAdmin(<TemplateFormPage canManage SamplePicker={LibraryStandIn} />, {
      route: '/templates/tpl-approved',
      path: '/templates/:documentId',
    });
    await screen.findByDisplayValue('Your order is ready for pickup.');
    expect(textbox('Name')).toBeDisabled();
    expect(screen.getByRole('combobox', { name: 'Category' })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByTestId('template-edit-limits')).toHaveTextContent('an approved template can be edited once in 24 hours and at most 10 times in 30 days');

    const send = screen.getByRole('button', { name: 'Send changes to WhatsApp' });
    expect(send).toBeDisabled();
    await user.clear(textbox('Message'));
    await user.type(textbox('Message'), 'Your order is ready: come by the shop.');
    await user.click(send);

    expect(await screen.findByTestId('template-edit-refused')).toHaveTextContent(`Meta refused the edit: ${message}`);
    expect(server.requests('PUT', '/whatsapp/templates/tpl-approved')[0].body).toMatchObject({
      name: 'order_ready',
      category: 'UTILITY',
      body: 'Your order is ready: come by the shop.',
    });
  });
});
