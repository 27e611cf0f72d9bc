/**
 * The comms tab and the inbox in Chromium: a customer message arrives live after an inbound
 * webhook (the offline sandbox signs it and posts it to Strapi, the path a real one takes),
 * a reply goes out inside the 24-hour window and its ticks turn blue live, a customer outside
 * the window gets the template picker and a template, a failed message explains itself and is
 * retried, WhatsApp text with markup stays text, and the admin switched to Spanish shows it all
 * in Spanish. Uses demo customers no other spec touches, and adds no records the overview counts
 * (the retried message ends delivered, so "Failed messages" stays 0).
 */
import type { Locator, Page } from 'playwright-core';
import { adminApi, login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

const SPEC = 'inbox';
const CUSTOMER_UID = UID.customer;
/** Demo customers (src/demo/customers.ts) and their bakeries' numbers (src/demo/tenants.ts). */
const PABLO = { name: 'Pablo Sánchez', phone: '+34655667788', number: '100000000000002' };
const MARIA = { name: 'María García', phone: '+34666778899', number: '100000000000002' };
const CARMEN = { name: 'Carmen López', phone: '+34633445566' };

const { call: api, login: loginApi } = adminApi();

async function customerDocumentId(phone: string): Promise<string> {
  const found = await api('GET', `/content-manager/collection-types/${CUSTOMER_UID}?filters[phone][$eq]=${encodeURIComponent(phone)}`);
  const documentId = found.results?.[0]?.documentId;
  if (!documentId) throw new Error(`demo customer ${phone} not found`);
  return documentId;
}

/** A customer message through the sandbox: signed, posted to our webhook, stored, streamed. */
const inbound = (body: Record<string, unknown>) => api('POST', '/whatsapp/sandbox/inbound', body);

async function openCustomer(page: Page, documentId: string, labels = { timeline: 'WhatsApp conversation', live: '● Live' }): Promise<Locator> {
  await openAdminPath(page, `content-manager/collection-types/${CUSTOMER_UID}/${documentId}`);
  const timeline = page.getByRole('log', { name: labels.timeline });
  await timeline.waitFor();
  await page.getByText(labels.live).waitFor();
  return timeline;
}

const bubble = (timeline: Locator, text: string | RegExp) => timeline.getByTestId('wa-message').filter({ hasText: text });

describe('WhatsApp comms tab and inbox', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
    await loginApi();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens a customer and sees a message arrive live, as text', async () => {
    const { page } = session;
    await login(page);
    const timeline = await openCustomer(page, await customerDocumentId(PABLO.phone));
    await timeline.getByText('No WhatsApp messages with this customer yet.').waitFor();

    await inbound({ from: PABLO.phone, phoneNumberId: PABLO.number, name: 'Pablo', text: 'Hola, ¿tenéis pan de centeno hoy?' });
    await bubble(timeline, 'Hola, ¿tenéis pan de centeno hoy?').waitFor();
    await screenshot(page, SPEC, 'live-inbound');

    // Markup in a WhatsApp message is shown as characters, never parsed as HTML.
    const hostile = '<img src=x onerror="window.__waXss=1"><b>¿A qué hora abrís?</b>';
    await inbound({ from: PABLO.phone, phoneNumberId: PABLO.number, name: '<i>Pablo</i>', text: hostile });
    await bubble(timeline, hostile).waitFor();
    expect(await timeline.locator('img[src="x"]').count()).toBe(0);
    expect(await timeline.locator('b').count()).toBe(0);
    expect(await page.evaluate(() => (window as any).__waXss)).toBeUndefined();
  });

  it('replies inside the window and sees the ticks turn blue live', async () => {
    const { page } = session;
    const timeline = page.getByRole('log', { name: 'WhatsApp conversation' });
    await page.getByText(/24-hour window open · \d+ h \d+ min left/).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('Sí, sale del horno a las 9. Más info: https://example.com/pan');
    await box.press('Enter');

    const reply = bubble(timeline, 'Sí, sale del horno a las 9.');
    await reply.waitFor();
    const link = reply.getByRole('link', { name: 'https://example.com/pan' });
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await link.getAttribute('target')).toBe('_blank');
    // The sandbox reports sent, delivered, read: the tick follows without a reload.
    await reply.getByRole('img', { name: 'Read' }).waitFor();
    expect(await box.inputValue()).toBe('');
    await screenshot(page, SPEC, 'reply-read');
  });

  it('offers the template picker outside the window and sends a template', async () => {
    const { page } = session;
    const timeline = await openCustomer(page, await customerDocumentId(CARMEN.phone));
    await page.getByText('This customer has not written yet: start with an approved template.').waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);

    await page.getByRole('combobox', { name: 'Approved template' }).click();
    await page.getByRole('option', { name: /^po_notification · es/ }).click();
    const values = ['Carmen', 'PO-2026-0099', '42,00 €'];
    for (const [i, value] of values.entries()) {
      await page.getByRole('textbox', { name: `Body variable {{${i + 1}}}` }).fill(value);
    }
    // The shared template preview fills in what was typed.
    await page.getByText('Hola Carmen, le enviamos el pedido de compra PO-2026-0099 por un total de 42,00 €.', { exact: false }).first().waitFor();
    await screenshot(page, SPEC, 'template-picker');
    await page.getByRole('button', { name: 'Send template' }).click();

    const sent = bubble(timeline, 'Template po_notification');
    await sent.waitFor();
    await sent.getByRole('img', { name: 'Read' }).waitFor();
    await screenshot(page, SPEC, 'template-sent');
  });

  it('explains a failed message in plain words and retries it', async () => {
    const { page } = session;
    await inbound({ from: MARIA.phone, phoneNumberId: MARIA.number, name: 'María', text: '¿Me guardáis dos barras?' });
    const timeline = await openCustomer(page, await customerDocumentId(MARIA.phone));
    await bubble(timeline, '¿Me guardáis dos barras?').waitFor();

    // WhatsApp (the sandbox) refuses the next send as Meta does for a number it cannot deliver to.
    await api('POST', '/whatsapp/sandbox/faults', { code: 131026, title: 'Message undeliverable' });
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('¡Claro! Te las guardamos hasta las 14:00.');
    await box.press('Enter');
    const failed = bubble(timeline, '¡Claro! Te las guardamos');
    await failed.getByText('The message could not be delivered: the number may not be on WhatsApp, or the customer uses an old app version.').waitFor();
    await failed.getByText(/#131026/).waitFor();
    await screenshot(page, SPEC, 'failed');

    // The customer writes again; retrying now goes through.
    await inbound({ from: MARIA.phone, phoneNumberId: MARIA.number, name: 'María', text: 'Gracias' });
    await bubble(timeline, 'Gracias').waitFor();
    await failed.getByRole('button', { name: 'Retry' }).click();
    await failed.getByRole('img', { name: 'Read' }).waitFor();
    expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
    await screenshot(page, SPEC, 'retried');
  });

  it('lists the conversations in the inbox with the latest first', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp/inbox');
    await page.getByRole('heading', { name: 'WhatsApp inbox', level: 1 }).waitFor();
    const list = page.getByRole('list', { name: 'Conversations' });
    await list.getByRole('listitem').filter({ hasText: MARIA.name }).waitFor();
    await list.getByRole('listitem').filter({ hasText: PABLO.name }).waitFor();
    await list.getByRole('listitem').filter({ hasText: CARMEN.name }).waitFor();
    await list.getByRole('listitem').filter({ hasText: PABLO.name }).click();
    await page.getByRole('log', { name: 'WhatsApp conversation' }).getByText('Hola, ¿tenéis pan de centeno hoy?').waitFor();
    await screenshot(page, SPEC, 'inbox');

    await openAdminPath(page, 'plugins/whatsapp/stats');
    await page.getByRole('heading', { name: 'Delivery statistics', level: 1 }).waitFor();
    await page.getByRole('img', { name: 'Delivery by Tenant' }).waitFor();
    await screenshot(page, SPEC, 'stats');
  });

  it('follows the admin user’s language: Spanish', async () => {
    const { page } = session;
    await openAdminPath(page, 'me');
    await page.getByRole('combobox', { name: /Interface language/ }).click();
    await page.getByRole('option', { name: /Español/ }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('combobox', { name: /Idioma de interfaz/ }).waitFor();

    try {
      const timeline = await openCustomer(page, await customerDocumentId(PABLO.phone), {
        timeline: 'Conversación de WhatsApp',
        live: '● En directo',
      });
      await page.getByText(/Ventana de 24 horas abierta · quedan \d+ h \d+ min/).waitFor();
      await page.getByRole('textbox', { name: 'Mensaje' }).waitFor();
      await bubble(timeline, 'Sí, sale del horno a las 9.').getByRole('img', { name: 'Leído' }).waitFor();
      await screenshot(page, SPEC, 'spanish');
      await openAdminPath(page, 'plugins/whatsapp/inbox');
      await page.getByRole('heading', { name: 'Bandeja de WhatsApp', level: 1 }).waitFor();
      await screenshot(page, SPEC, 'spanish-inbox');
    } finally {
      // Back to English for whoever logs in next with this admin.
      await openAdminPath(page, 'me');
      await page.getByRole('combobox', { name: /Idioma de interfaz|Interface language/ }).click();
      await page.getByRole('option', { name: /English/ }).click();
      await page.getByRole('button', { name: /Guardar|Save/ }).click();
      await page.getByRole('combobox', { name: /Interface language/ }).waitFor();
    }
    expect(session.pageErrors).toEqual([]);
  });
});
