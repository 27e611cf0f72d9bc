/**
 * The template form's admin routes against the Cloud API sandbox over real HTTP: a draft saved
 * from the form, a media header whose sample (a media-library file) goes through Meta's Resumable
 * Upload API and is submitted as `header_handle`, an edit of an approved template through Meta's
 * `POST /{template-id}` (accepted, then refused over Meta's limit with the limit named), and 4xx
 * answers that name the field.
 */
import { createAdmin, startTestApp, type TestApp } from '../helpers/strapi';
import { UID } from '../../plugins/whatsapp/shared/uids';

const APP_ID = '300000000000042';
// A 2×2 red PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAE0lEQVQImWP4z8DwnwGM/zMwAAAf7gP9qS/A4gAAAABJRU5ErkJggg==', 'base64');

const form = (name: string, patch: Record<string, unknown> = {}) => ({
  name,
  language: 'en',
  category: 'MARKETING',
  parameterFormat: 'POSITIONAL',
  headerFormat: 'NONE',
  body: 'Hi {{1}}, your order {{2}} is ready for pickup at the shop.',
  bodyExamples: ['Lucy', 'A-1043'],
  footer: 'Panadería La Espiga',
  buttons: [
    { type: 'QUICK_REPLY', text: 'On my way' },
    { type: 'URL', text: 'Track order', url: 'https://shop.example.com/o/{{1}}', example: 'A-1043' },
  ],
  ...patch,
});

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('template form API', () => {
  let app: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const atMeta = (name: string) => app.sandbox!.templates.find((t) => t.name === name);
  const row = (documentId: string) => app.strapi.db.query(UID.template).findOne({ where: { documentId } });

  beforeAll(async () => {
    app = await startTestApp({ sandbox: { approveDelayMs: 200, appId: APP_ID }, env: { WHATSAPP_APP_ID: APP_ID } });
    ({ token } = await createAdmin(app));
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function uploadToLibrary(data: Buffer, name: string, mime: string): Promise<number> {
    const res = await app.http.post('/upload').set(auth()).attach('files', data, { filename: name, contentType: mime });
    expect(res.status).toBe(201);
    return res.body[0].id;
  }

  it('creates a draft from the form and saves changes to it, with lint findings but no call to Meta', async () => {
    const created = await app.http.post('/whatsapp/templates').set(auth()).send(form('form_draft', { footer: 'Thanks {{1}}' }));
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ name: 'form_draft', status: 'DRAFT', metaTemplateId: null });
    expect(created.body.data.authoring.buttons).toEqual(form('x').buttons);
    expect(created.body.findings.map((f: any) => `${f.rule}@${f.path}`)).toContain('footer.variables@footer');

    const saved = await app.http
      .put(`/whatsapp/templates/${created.body.data.documentId}`)
      .set(auth())
      .send(form('form_draft', { footer: 'Panadería La Espiga' }));
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ editedAtMeta: false, findings: [] });
    expect(await row(created.body.data.documentId)).toMatchObject({ footer: 'Panadería La Espiga', reviewStatus: 'DRAFT' });
    expect(atMeta('form_draft')).toBeUndefined();
  });

  it('answers 400 naming the field for a malformed body, and 404 for an unknown template', async () => {
    const badButton = await app.http
      .post('/whatsapp/templates')
      .set(auth())
      .send(form('bad_button', { buttons: [{ type: 'URL', text: 'Go' }] }));
    expect(badButton.status).toBe(400);
    expect(badButton.body.error.details.errors[0].path).toEqual(['buttons', '0', 'url']);

    const noName = await app.http.post('/whatsapp/templates').set(auth()).send(form('', {}));
    expect(noName.status).toBe(400);
    expect(noName.body.error.message).toMatch(/^name: /);

    const unknownField = await app.http.post('/whatsapp/templates').set(auth()).send({ ...form('extra'), reviewStatus: 'APPROVED' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.error.message).toMatch(/reviewStatus/);

    const missing = await app.http.put('/whatsapp/templates/nope0000000000000000000').set(auth()).send(form('nope'));
    expect(missing.status).toBe(404);

    const badSample = await app.http.post('/whatsapp/templates/header-sample').set(auth()).send({ file: 999999, format: 'IMAGE' });
    expect(badSample.status).toBe(422);
    expect(badSample.body.error.details.path).toEqual(['file']);
  });

  it('uploads a media-library image to Meta’s Resumable Upload API and submits it as the header_handle', async () => {
    const fileId = await uploadToLibrary(PNG, 'new-bread.png', 'image/png');
    const sample = await app.http.post('/whatsapp/templates/header-sample').set(auth()).send({ file: fileId, format: 'IMAGE' });
    expect(sample.status).toBe(200);
    expect(sample.body.data).toMatchObject({ format: 'IMAGE', file: { id: fileId, mime: 'image/png' } });
    const handle = sample.body.data.handle as string;
    expect(handle).toMatch(/^4::/);

    // A PDF is not an image header.
    const pdfId = await uploadToLibrary(Buffer.from('%PDF-1.4 menu'), 'menu.pdf', 'application/pdf');
    const wrong = await app.http.post('/whatsapp/templates/header-sample').set(auth()).send({ file: pdfId, format: 'IMAGE' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error.message).toMatch(/JPEG or PNG/);

    const created = await app.http
      .post('/whatsapp/templates')
      .set(auth())
      .send(form('new_bread_media', { headerFormat: 'IMAGE', headerExample: handle }));
    expect(created.status).toBe(201);
    const documentId = created.body.data.documentId;
    const submitted = await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth());
    expect(submitted.status).toBe(200);
    expect(atMeta('new_bread_media')!.components[0]).toEqual({ type: 'HEADER', format: 'IMAGE', example: { header_handle: [handle] } });
    await until(async () => (await row(documentId)).reviewStatus === 'APPROVED', 'approval');
  });

  it('edits an approved template at Meta (back to PENDING, approved again), then refuses the next edit naming Meta’s limit', async () => {
    const created = await app.http.post('/whatsapp/templates').set(auth()).send(form('edit_me'));
    const documentId = created.body.data.documentId;
    expect((await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth())).status).toBe(200);
    await until(async () => (await row(documentId)).reviewStatus === 'APPROVED', 'approval');

    const changedBody = 'Hi {{1}}, your order {{2}} is ready: come by the shop today.';
    const edited = await app.http.put(`/whatsapp/templates/${documentId}`).set(auth()).send(form('edit_me', { body: changedBody }));
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ editedAtMeta: true, data: { status: 'PENDING' } });
    expect(atMeta('edit_me')!.components.find((c: any) => c.type === 'BODY').text).toBe(changedBody);
    await until(async () => (await row(documentId)).reviewStatus === 'APPROVED', 're-approval');

    const category = await app.http.put(`/whatsapp/templates/${documentId}`).set(auth()).send(form('edit_me', { category: 'UTILITY', body: changedBody }));
    expect(category.status).toBe(400);
    expect(category.body.error.details.errors[0].path).toEqual(['category']);

    const again = await app.http
      .put(`/whatsapp/templates/${documentId}`)
      .set(auth())
      .send(form('edit_me', { body: 'Hi {{1}}, order {{2}} is waiting for you at the shop.' }));
    expect(again.status).toBe(400);
    expect(again.body.error.message).toMatch(/1 time in 24 hours/);
    expect(again.body.error.details.editLimits).toMatchObject({ perDay: 1, perThirtyDays: 10 });
    expect(again.body.error.details.meta.code).toBe(100);
    expect(await row(documentId)).toMatchObject({ reviewStatus: 'APPROVED', body: changedBody });

    const renamed = await app.http.put(`/whatsapp/templates/${documentId}`).set(auth()).send(form('edit_me_renamed', { body: changedBody }));
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.details.errors[0].path).toEqual(['name']);
  });

  it('needs the templates-manage permission', async () => {
    const res = await app.http.post('/whatsapp/templates').send(form('anonymous'));
    expect(res.status).toBe(401);
  });
});
