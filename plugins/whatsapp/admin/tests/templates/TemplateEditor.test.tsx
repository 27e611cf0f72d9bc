/**
 * The template editing UI: a template is edited in Strapi's content-manager edit view, where the
 * plugin adds a side panel (TemplateEditPanel: Meta's verdict, live lint findings via LintFindings,
 * the WhatsApp preview via TemplatePreview) and a document action (SubmitTemplateAction).
 *
 * The edit view is reproduced with Strapi's own building blocks: its `Form` (the form state the
 * panel reads with `useForm`), its `InputRenderer` inputs for the template's attributes, and its
 * `DescriptionComponentRenderer`, which is how the content manager calls side panels and document
 * actions. JSON attributes (bodyExamples, buttons) hold the text being typed, as the content
 * manager's JSON editor does; a plain textarea stands in for that code editor.
 */
import { DescriptionComponentRenderer, Form, InputRenderer, useForm } from '@strapi/strapi/admin';
import { screen, waitFor, within } from '@testing-library/react';
import { pluginQueryClient } from '../../src/api/query-client';
import { SubmitTemplateAction } from '../../src/components/SubmitTemplateAction';
import { TEMPLATE_UID, TemplateEditPanel } from '../../src/components/TemplateEditPanel';
import { template } from '../fixtures';
import { renderAdmin } from '../utils/render';
import { reply, server, strapiError } from '../utils/server';

type Values = Record<string, unknown>;

const VALID: Values = {
  name: 'order_ready',
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  headerFormat: 'NONE',
  headerText: '',
  headerExample: '',
  body: 'Hello {{1}}, your order {{2}} is ready.',
  bodyExamples: '["Lucy", "A-1043"]',
  footer: '',
  buttons: '',
};

/**
 * The content manager refreshes document actions through `DescriptionComponentRenderer`, which
 * batches updates (a 60 ms throttle, then an idle callback): a person never clicks inside that
 * gap, a test does. The action is rendered with the form state it last saw, so a test can wait
 * until the action knows about an edit before clicking it.
 */
function ObservedSubmitAction(props: any) {
  const action = SubmitTemplateAction(props);
  const modified = useForm('ObservedSubmitAction', (state) => state.modified, false);
  return action ? { ...action, formModified: Boolean(modified) } : null;
}

const options = (values: string[]) => values.map((value) => ({ value, label: value }));

function TemplateEditView({ initialValues, documentId }: { initialValues: Values; documentId?: string }) {
  const props = { model: TEMPLATE_UID, documentId, collectionType: 'collection-types', activeTab: null, document: undefined, meta: undefined };
  return (
    <Form method="PUT" initialValues={initialValues} width="100%" height="auto">
      <InputRenderer type="string" name="name" label="name" />
      <InputRenderer type="string" name="language" label="language" />
      <InputRenderer type="enumeration" name="category" label="category" options={options(['UTILITY', 'MARKETING', 'AUTHENTICATION'])} />
      <InputRenderer type="enumeration" name="parameterFormat" label="parameterFormat" options={options(['POSITIONAL', 'NAMED'])} />
      <InputRenderer
        type="enumeration"
        name="headerFormat"
        label="headerFormat"
        options={options(['NONE', 'TEXT', 'IMAGE', 'VIDEO', 'DOCUMENT', 'LOCATION'])}
      />
      <InputRenderer type="string" name="headerText" label="headerText" />
      <InputRenderer type="string" name="headerExample" label="headerExample" />
      <InputRenderer type="text" name="body" label="body" />
      <InputRenderer type="text" name="bodyExamples" label="bodyExamples" />
      <InputRenderer type="string" name="footer" label="footer" />
      <InputRenderer type="text" name="buttons" label="buttons" />
      <DescriptionComponentRenderer props={props} descriptions={[ObservedSubmitAction]}>
        {(actions: any[]) =>
          actions.map((action) => (
            <button
              key={action.id}
              type="button"
              disabled={action.disabled}
              data-form-modified={action.formModified}
              onClick={() => action.onClick()}
            >
              {action.label}
            </button>
          ))
        }
      </DescriptionComponentRenderer>
      <DescriptionComponentRenderer props={props} descriptions={[TemplateEditPanel as any]}>
        {(panels: any[]) =>
          panels.map((panel) => (
            <section key={panel.id} aria-label={panel.title}>
              <h2>{panel.title}</h2>
              {panel.content}
            </section>
          ))
        }
      </DescriptionComponentRenderer>
    </Form>
  );
}

/** Renders the edit view and waits for the content manager's renderer to mount the panel. */
async function renderEditor(initialValues: Values = VALID, documentId?: string) {
  const result = renderAdmin(<TemplateEditView initialValues={initialValues} documentId={documentId} />);
  await screen.findByRole('region', { name: 'WhatsApp template' });
  await screen.findByRole('button', { name: 'Submit to WhatsApp' });
  return result;
}

const panel = () => within(screen.getByRole('region', { name: 'WhatsApp template' }));
const field = (name: string) => screen.getByRole('textbox', { name });
const lintList = () => screen.queryByTestId('template-lint');
const findingTexts = () => Array.from(lintList()?.querySelectorAll('li') ?? []).map((li) => li.textContent);
const previewBody = () => screen.getByTestId('template-preview-body');

afterEach(() => {
  // The panel's queries use the plugin's shared client (as in the admin): start each test empty.
  pluginQueryClient.clear();
});

describe('template editor: live lint and preview', () => {
  it('a valid draft meets the rules and is previewed with its examples', async () => {
    await renderEditor();
    expect(panel().getByRole('heading', { name: 'WhatsApp template' })).toBeInTheDocument();
    expect(panel().getByText('Meets WhatsApp’s rules.')).toBeInTheDocument();
    expect(previewBody()).toHaveTextContent('Hello Lucy, your order A-1043 is ready.');
  });

  it('reports problems while the body is typed, and drops them once fixed', async () => {
    const { user } = await renderEditor({ ...VALID, body: '', bodyExamples: '' });

    expect(findingTexts()).toEqual(['bodyWrite the message body.']);
    expect(previewBody()).toHaveTextContent('The body is empty.');

    await user.type(field('body'), 'Hi ');
    await user.paste('{{1}}');
    expect(findingTexts()).toEqual([
      'bodyThe body may not end with a variable: put some words (or a full stop) after {{1}}.',
      'bodyThe body has 1 variables for 1 words; Meta rejects templates with too many variables for their length (error 2388293). Add text or remove variables.',
      'bodyExamples.1Give an example value for {{1}}: Meta reviews the template with it.',
    ]);
    expect(screen.getByText(/may not end with a variable/).closest('li')).toHaveAttribute('data-severity', 'error');
    expect(screen.getByText(/too many variables for their length/).closest('li')).toHaveAttribute('data-severity', 'warning');

    await user.type(field('body'), ', welcome back.');
    expect(screen.queryByText(/may not end with a variable/)).not.toBeInTheDocument();
    expect(screen.queryByText(/too many variables for their length/)).not.toBeInTheDocument();
    expect(screen.getByText('Give an example value for {{1}}: Meta reviews the template with it.')).toBeInTheDocument();
    // Without an example the preview shows the variable itself.
    expect(previewBody()).toHaveTextContent('Hi {{1}}, welcome back.');

    await user.click(field('bodyExamples'));
    await user.paste('["Lucy"]');
    expect(panel().getByText('Meets WhatsApp’s rules.')).toBeInTheDocument();
    expect(previewBody()).toHaveTextContent('Hi Lucy, welcome back.');
  });

  it('checks the name as it is typed', async () => {
    const { user } = await renderEditor();
    await user.clear(field('name'));
    expect(screen.getByText('Give the template a name.')).toBeInTheDocument();

    await user.type(field('name'), 'Order-Ready');
    expect(screen.getByText('The name may contain only lowercase letters, digits and underscores (for example order_ready).')).toBeInTheDocument();

    await user.clear(field('name'));
    await user.type(field('name'), 'order_ready_v2');
    expect(panel().getByText('Meets WhatsApp’s rules.')).toBeInTheDocument();
  });

  it('a text header asks for its text and shows it in the preview', async () => {
    const { user } = await renderEditor();
    await user.click(screen.getByRole('combobox', { name: 'headerFormat' }));
    await user.click(await screen.findByRole('option', { name: 'TEXT' }));

    expect(screen.getByText('A text header needs its text.')).toBeInTheDocument();
    expect(screen.queryByTestId('template-preview-header')).not.toBeInTheDocument();

    await user.type(field('headerText'), 'Your order');
    expect(screen.queryByText('A text header needs its text.')).not.toBeInTheDocument();
    expect(screen.getByTestId('template-preview-header')).toHaveTextContent('Your order');
  });

  it('reads the buttons JSON as it is typed: broken JSON is a finding, valid buttons are previewed', async () => {
    const { user } = await renderEditor();
    await user.click(field('buttons'));
    await user.paste('[{"type": "QUICK_REPLY", "text": "Yes"');
    expect(screen.getByText('Buttons must be a list of objects like {"type": "QUICK_REPLY", "text": "Yes"}.')).toBeInTheDocument();
    expect(screen.queryByTestId('template-preview-button')).not.toBeInTheDocument();

    await user.paste('}, {"type": "URL", "text": "Track", "url": "https://shop.example/o/{{1}}", "example": "A-1043"}]');
    expect(panel().getByText('Meets WhatsApp’s rules.')).toBeInTheDocument();
    expect(screen.getAllByTestId('template-preview-button').map((b) => b.textContent)).toEqual(['↩ Yes', '↗ Track']);
  });

  it('previews WhatsApp formatting, and shows typed HTML as text', async () => {
    const { user } = await renderEditor({ ...VALID, body: '', bodyExamples: '' });
    await user.type(field('body'), '*Big* news <b>today</b> _for you_');
    const body = previewBody();
    expect(body.querySelector('strong')).toHaveTextContent('Big');
    expect(body.querySelector('em')).toHaveTextContent('for you');
    expect(body.querySelector('b')).toBeNull();
    expect(body).toHaveTextContent('Big news <b>today</b> for you');
  });

  it('a footer with a variable is refused, with the field it belongs to', async () => {
    const { user } = await renderEditor();
    await user.type(field('footer'), 'Ref ');
    await user.paste('{{3}}');
    const finding = screen.getByText('The footer may not contain variables.').closest('li')!;
    expect(finding).toHaveTextContent(/^footer/);
    expect(screen.getByTestId('template-preview-footer')).toHaveTextContent('Ref {{3}}');
  });
});

describe('template editor: Meta’s verdict', () => {
  it('shows the status, the rejection reason in words and the usage of a saved template', async () => {
    server.get('/whatsapp/templates/:documentId', ({ params }) => ({
      data: template({
        documentId: params.documentId,
        status: 'REJECTED',
        rejectionReason: 'PROMOTIONAL',
        previousCategory: 'UTILITY',
        category: 'MARKETING',
        stats: { total: 5, sent: 4, delivered: 3, read: 2, failed: 1 },
      }),
    }));
    await renderEditor(VALID, 'tpl-order-ready');

    expect(await panel().findByText('Rejected: promotional content')).toBeInTheDocument();
    expect(panel().getByText('Status at Meta')).toBeInTheDocument();
    expect(panel().getByText('Meta changed the category from UTILITY to MARKETING.')).toBeInTheDocument();
    expect(panel().getByText('Sent 4 · delivered 3 · read 2 · failed 1')).toBeInTheDocument();
    expect(server.requests('GET', '/whatsapp/templates/tpl-order-ready')).toHaveLength(1);
  });

  it('shows why the last submission was refused on a draft', async () => {
    server.get('/whatsapp/templates/:documentId', {
      data: template({ status: 'DRAFT', metaTemplateId: null, lastError: 'Template name already exists in this language (2388024)' }),
    });
    await renderEditor(VALID, 'tpl-order-ready');
    expect(
      await panel().findByText('Last submission refused: Template name already exists in this language (2388024)')
    ).toBeInTheDocument();
  });
});

describe('template editor: Submit to WhatsApp', () => {
  beforeEach(() => {
    server.get('/whatsapp/templates/:documentId', { data: template({ status: 'DRAFT', metaTemplateId: null }) });
  });

  it('submits the saved template and reports Meta’s status', async () => {
    server.post('/whatsapp/templates/:documentId/submit', { data: template({ status: 'PENDING' }), meta: {} });
    const { user } = await renderEditor(VALID, 'tpl-order-ready');

    await user.click(screen.getByRole('button', { name: 'Submit to WhatsApp' }));
    expect(await screen.findByText('Submitted to WhatsApp. Status: PENDING.')).toBeInTheDocument();
    expect(server.requests('POST', '/whatsapp/templates/tpl-order-ready/submit')).toHaveLength(1);
  });

  it('asks to save first when the form has unsaved changes, and sends nothing', async () => {
    const { user } = await renderEditor(VALID, 'tpl-order-ready');
    await user.type(field('footer'), 'Acme');
    const submit = screen.getByRole('button', { name: 'Submit to WhatsApp' });
    await waitFor(() => expect(submit).toHaveAttribute('data-form-modified', 'true'));
    await user.click(submit);

    expect(await screen.findByText('Save your changes first, then submit.')).toBeInTheDocument();
    expect(server.requests('POST')).toHaveLength(0);
  });

  it('puts the server’s lint errors on the form fields and says it was not submitted', async () => {
    server.post('/whatsapp/templates/:documentId/submit', () =>
      reply(
        400,
        strapiError(400, 'ValidationError', 'The template breaks WhatsApp rules (1 problem)', {
          errors: [{ path: ['body'], message: 'The body may not end with a variable: put some words (or a full stop) after {{2}}.' }],
        })
      )
    );
    const { user } = await renderEditor(VALID, 'tpl-order-ready');
    await user.click(screen.getByRole('button', { name: 'Submit to WhatsApp' }));

    expect(await screen.findByText('Not submitted')).toBeInTheDocument();
    expect(screen.getByText('The template breaks WhatsApp rules (1 problem)')).toBeInTheDocument();
    // The message sits on the body field (Field.Error of Strapi's input).
    await waitFor(() => expect(field('body')).toHaveAttribute('aria-invalid', 'true'));
    expect(field('body')).toHaveAccessibleDescription(
      expect.stringContaining('The body may not end with a variable: put some words (or a full stop) after {{2}}.')
    );
  });

  it('is disabled for a template that is not saved yet', async () => {
    await renderEditor(VALID);
    expect(screen.getByRole('button', { name: 'Submit to WhatsApp' })).toBeDisabled();
  });

  it('neither the panel nor the action is offered on other content types', async () => {
    // A description that always answers: once it is rendered, the renderer has run them all.
    const Control = () => ({ title: 'control' });
    renderAdmin(
      <Form method="PUT" initialValues={{}} width="100%" height="auto">
        <DescriptionComponentRenderer
          props={{ model: 'api::article.article', documentId: 'a1' }}
          descriptions={[SubmitTemplateAction as any, TemplateEditPanel as any, Control]}
        >
          {(items: any[]) => <ul>{items.map((item) => <li key={item.id}>{item.title ?? item.label}</li>)}</ul>}
        </DescriptionComponentRenderer>
      </Form>
    );
    expect(await screen.findByText('control')).toBeInTheDocument();
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['control']);
  });
});
