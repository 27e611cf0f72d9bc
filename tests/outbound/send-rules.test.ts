/**
 * The checks made before anything is queued, each answered with a 4xx that names the problem:
 * sender selection (409), the 24-hour window, opt-outs, templates and their parameters (422).
 * Every refusal is also checked to have stored nothing.
 */
import {
  addNumber,
  ALL_ACTIONS,
  apiToken,
  createCustomer,
  createTenant,
  customerWrote,
  MESSAGE,
  PHONE_NUMBER,
  seedTemplates,
  startOutboundApp,
  TEST_CREDENTIALS,
  type TestApp,
} from './helpers';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

const HOUR = 3600 * 1000;

describe('checks before queueing', () => {
  let app: TestApp;
  let token: string;
  let phoneSeq = 200;
  const nextPhone = () => {
    phoneSeq += 1;
    return `+34600222${String(phoneSeq).padStart(3, '0')}`;
  };

  beforeAll(async () => {
    app = await startOutboundApp();
    token = await apiToken(app, ALL_ACTIONS);
  });

  afterAll(async () => {
    await app?.stop();
  });

  const post = (body: Record<string, unknown>) => app.http.post('/api/whatsapp/messages').set('Authorization', `Bearer ${token}`).send(body);
  const outboundCount = () => app.strapi.db.query(MESSAGE).count({ where: { direction: 'outbound' } });

  async function expectRefused(body: Record<string, unknown>, status: number, message: RegExp) {
    const before = await outboundCount();
    const res = await post(body);
    expect({ status: res.status, message: res.body.error?.message }).toEqual({ status, message: expect.stringMatching(message) });
    expect(await outboundCount()).toBe(before);
    return res;
  }

  const helloWorld = { type: 'template', template: { name: 'hello_world', language: 'en_US' } };

  describe('sender selection', () => {
    it("sends from the tenant's own number with its account", async () => {
      const number = await addNumber(app, '100000000000002');
      const tenant = await createTenant(app, { phoneNumber: number.id });
      const res = await post({ to: nextPhone(), tenant: tenant.documentId, ...helloWorld });
      expect(res.status).toBe(202);
      expect(res.body.data.businessPhoneNumberId).toBe('100000000000002');
      expect(res.body.data.tenant.documentId).toBe(tenant.documentId);
    });

    it('falls back to the default number for a tenant without one', async () => {
      const tenant = await createTenant(app);
      const res = await post({ to: nextPhone(), tenant: tenant.documentId, ...helloWorld });
      expect(res.status).toBe(202);
      expect(res.body.data.businessPhoneNumberId).toBe(TEST_CREDENTIALS.phoneNumberId);
    });

    it("takes the tenant from the customer when none is given", async () => {
      const number = await addNumber(app, '100000000000003');
      const tenant = await createTenant(app, { phoneNumber: number.id });
      const customer = await createCustomer(app, { phone: nextPhone(), tenant: tenant.id });
      const res = await post({ customer: customer.documentId, ...helloWorld });
      expect(res.status).toBe(202);
      expect(res.body.data.businessPhoneNumberId).toBe('100000000000003');
    });

    it('refuses a tenant with WhatsApp disabled (409)', async () => {
      const tenant = await createTenant(app, { name: 'Closed Bakery', whatsappEnabled: false });
      await expectRefused({ to: nextPhone(), tenant: tenant.documentId, ...helloWorld }, 409, /WhatsApp is disabled for the tenant "Closed Bakery"/);
    });

    it("refuses another tenant's number as sender (409)", async () => {
      const number = await addNumber(app, '100000000000004');
      await createTenant(app, { name: 'Owner', phoneNumber: number.id });
      const other = await createTenant(app, { name: 'Other' });
      await expectRefused({ to: nextPhone(), tenant: other.documentId, from: '100000000000004', ...helloWorld }, 409, /assigned to another tenant \("Owner"\)/);
    });

    it('refuses an unknown sender number (409) and an unknown tenant (404)', async () => {
      await expectRefused({ to: nextPhone(), from: '999999999999', ...helloWorld }, 409, /not one of this server's WhatsApp numbers/);
      await expectRefused({ to: nextPhone(), tenant: 'nosuchtenant000000000000', ...helloWorld }, 404, /No tenant/);
    });
  });

  describe('24-hour customer service window', () => {
    it('accepts free text just inside the window', async () => {
      const phone = nextPhone();
      await customerWrote(app, { waId: phone.slice(1), at: new Date(Date.now() - 24 * HOUR + 60_000) });
      expect((await post({ to: phone, type: 'text', text: 'still open' })).status).toBe(202);
    });

    it('refuses free text just outside the window, saying a template is needed (422)', async () => {
      const phone = nextPhone();
      await customerWrote(app, { waId: phone.slice(1), at: new Date(Date.now() - 24 * HOUR - 60_000) });
      const res = await expectRefused({ to: phone, type: 'text', text: 'too late' }, 422, /window closed at .*only an approved template can be sent/);
      expect(res.body.error.details.reason).toBe('window_closed');
    });

    it('refuses free text to a customer who never wrote, and media and interactive too', async () => {
      const phone = nextPhone();
      await expectRefused({ to: phone, type: 'text', text: 'hi' }, 422, /has not written to this number in the last 24 hours: only an approved template/);
      await expectRefused({ to: phone, type: 'image', image: { link: 'https://example.com/a.jpg' } }, 422, /approved template/);
      await expectRefused(
        { to: phone, type: 'interactive', interactive: { type: 'button', body: 'Pick', buttons: [{ id: 'a', title: 'A' }] } },
        422,
        /approved template/
      );
    });

    it('counts only messages to the same business number', async () => {
      const phone = nextPhone();
      await customerWrote(app, { waId: phone.slice(1), phoneNumberId: '100000000000777' });
      await expectRefused({ to: phone, type: 'text', text: 'hi' }, 422, /approved template/);
    });

    it('lets a template through when the window is closed', async () => {
      expect((await post({ to: nextPhone(), ...helloWorld })).status).toBe(202);
    });
  });

  describe('opt-outs', () => {
    it('refuses everything to a customer who opted out', async () => {
      const phone = nextPhone();
      const customer = await createCustomer(app, { phone, optedOut: true });
      await customerWrote(app, { waId: phone.slice(1), customerId: customer.id });
      await expectRefused({ customer: customer.documentId, type: 'text', text: 'hi' }, 422, /opted out of WhatsApp messages/);
      await expectRefused({ customer: customer.documentId, ...helloWorld }, 422, /opted out of WhatsApp messages/);
    });

    it('refuses marketing templates, not utility ones, after a marketing opt-out', async () => {
      const customer = await createCustomer(app, { phone: nextPhone(), marketingOptOut: true });
      await expectRefused(
        {
          customer: customer.documentId,
          type: 'template',
          template: { name: 'spring_sale', language: 'en_US', header: { type: 'image', image: { link: 'https://example.com/s.png' } }, body: ['20%'], buttons: [{ index: 0, parameter: 'SPRING' }] },
        },
        422,
        /opted out of marketing messages/
      );
      expect((await post({ customer: customer.documentId, ...helloWorld })).status).toBe(202);
    });
  });

  describe('templates', () => {
    it('refuses an unknown template', async () => {
      await expectRefused({ to: nextPhone(), type: 'template', template: { name: 'no_such_template', language: 'en_US' } }, 422, /no template named "no_such_template"/);
    });

    it('refuses a template in a language it does not exist in, naming the ones it has', async () => {
      await expectRefused({ to: nextPhone(), type: 'template', template: { name: 'hello_world', language: 'fr' } }, 422, /does not exist in fr; it exists in: en_US/);
    });

    it('refuses a template that is not approved', async () => {
      await seedTemplates(app, [{ name: 'pending_one', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi' }] }], 'PENDING');
      await expectRefused({ to: nextPhone(), type: 'template', template: { name: 'pending_one', language: 'en_US' } }, 422, /is pending, not approved/);
    });

    it('refuses parameters that do not fit, listing each problem with its path', async () => {
      const res = await expectRefused(
        { to: nextPhone(), type: 'template', template: { name: 'po_notification', language: 'en_US', body: ['Ana', 'PO-1'] } },
        422,
        /do not fit the template "po_notification" \(en_US\)/
      );
      expect(res.body.error.details.errors).toEqual([
        { path: ['template', 'header'], message: expect.stringMatching(/header has 1 variable/) },
        { path: ['template', 'body'], message: 'the body has 3 variable(s), 2 given' },
        { path: ['template', 'buttons'], message: expect.stringMatching(/button 0 \(url\) needs a parameter/) },
      ]);
    });

    it('refuses positional values for a named template', async () => {
      const res = await expectRefused({ to: nextPhone(), type: 'template', template: { name: 'order_ready', language: 'es_ES', body: ['Ana', 'A-1'] } }, 422, /named variables/);
      expect(res.body.error.details.errors[0].path).toEqual(['template', 'body']);
    });

    it('accepts matching parameters and stores them with the template', async () => {
      const res = await post({ to: nextPhone(), type: 'template', template: { name: 'order_ready', language: 'es_ES', body: { first_name: 'Ana', order_id: 'A-1' } } });
      expect(res.status).toBe(202);
      expect(res.body.data).toMatchObject({
        templateName: 'order_ready',
        templateLanguage: 'es_ES',
        body: 'Hola Ana, tu pedido A-1 está listo.',
        templateParameters: { header: null, body: { first_name: 'Ana', order_id: 'A-1' }, buttons: null },
      });
    });
  });

  describe('media', () => {
    it('refuses an unknown media library file and a file of the wrong type', async () => {
      const phone = nextPhone();
      await customerWrote(app, { waId: phone.slice(1) });
      await expectRefused({ to: phone, type: 'image', image: { file: 987654 } }, 422, /no uploaded file 987654/);
      const file = await app.strapi.db.query('plugin::upload.file').create({
        data: { name: 'notes.pdf', hash: 'notes_x', ext: '.pdf', mime: 'application/pdf', size: 10, url: '/uploads/notes_x.pdf', provider: 'local' },
      });
      await expectRefused({ to: phone, type: 'image', image: { file: file.id } }, 422, /does not accept application\/pdf as image: use JPEG or PNG/);
    });
  });

  describe('no number to send from', () => {
    it('refuses when neither the tenant nor the server has a number (409)', async () => {
      const defaultNumber = await app.strapi.db.query(PHONE_NUMBER).findOne({ where: { isDefault: true } });
      await app.strapi.db.query(PHONE_NUMBER).update({ where: { id: defaultNumber.id }, data: { phoneNumberId: '100000000000999', isDefault: false } });
      try {
        const tenant = await createTenant(app, { name: 'No Number Shop' });
        await expectRefused({ to: nextPhone(), tenant: tenant.documentId, ...helloWorld }, 409, /"No Number Shop" has no WhatsApp number and there is no default number/);
      } finally {
        await app.strapi.db.query(PHONE_NUMBER).update({ where: { id: defaultNumber.id }, data: { phoneNumberId: defaultNumber.phoneNumberId, isDefault: true } });
      }
    });
  });
});

describe('WhatsApp not configured', () => {
  let app: TestApp;

  beforeAll(async () => {
    const { startTestApp } = await import('../helpers/strapi');
    app = await startTestApp({ sandbox: false, env: { WHATSAPP_OFFLINE_MODE: 'false' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers 503 and stores nothing', async () => {
    const token = await apiToken(app, ALL_ACTIONS);
    const res = await app.http
      .post('/api/whatsapp/messages')
      .set('Authorization', `Bearer ${token}`)
      .send({ to: '+34600333001', type: 'template', template: { name: 'hello_world', language: 'en_US' } });
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({ status: 503, name: 'ServiceUnavailableError', message: expect.stringMatching(/WhatsApp is not configured: set WHATSAPP_ACCESS_TOKEN/) });
    expect(await app.strapi.db.query(MESSAGE).count()).toBe(0);
    expect(app.strapi.plugin(PLUGIN_ID).service('outbox').isRunning()).toBe(false);
  });
});
