/**
 * The integrator's journey (issue #12): they set up "a purchase order approved → WhatsApp the
 * supplier" rule on the Automations page; a CRM user approves a purchase order in the content
 * manager; the supplier gets `po_notification` with the order's three values, delivered and read
 * (the sandbox plays the supplier's phone); saving the order again sends nothing.
 *
 * Everything goes through the admin UI. The supplier and the order are created for this run in
 * the content manager (unique name, phone and number). The demo seed already has a rule doing the
 * same; the integrator switches it off while theirs runs, so the supplier gets one message (not
 * one per rule); at the end they delete their rule and switch the demo one back on, leaving the
 * rules as seeded.
 */
import type { Page } from 'playwright-core';
import {
  DEMO,
  bubble,
  choose,
  createEntry,
  fieldName,
  fillEntry,
  findAndOpenEntry,
  login,
  openAdminPath,
  openBrowser,
  openEntry,
  sandbox,
  saveEntry,
  screenshot,
  spacedPhone,
  translator,
  uniquePhone,
  conversationTimeline,
  type BrowserSession,
} from '../../helpers';
import { DEMO_AUTOMATIONS } from '../../../src/demo/automations';
import { UID } from '../../../plugins/whatsapp/shared/uids';

const SPEC = 'journey-integrator';
const tr = translator('en');
const RUN = Date.now().toString(36);
const PO_UID = 'api::purchase-order.purchase-order';
const SUPPLIER_UID = 'api::supplier.supplier';
const DEMO_RULE = DEMO_AUTOMATIONS.find((rule) => rule.contentType === PO_UID)!.name;
const RULE = `Approved purchase order → supplier (${RUN})`;
const SUPPLIER = { name: `Molinos Urbasa ${RUN}`, phone: uniquePhone() };
const ORDER = { poNumber: `PO-E2E-${RUN.toUpperCase()}`, total: '987.65' };
/** The three values as the supplier reads them: `total` in the tenant's language (es) with its currency. */
const VALUES = [SUPPLIER.name, ORDER.poNumber, '987,65 €'];

/** Opens a rule from the Automations list, as the integrator does. */
async function openRule(page: Page, name: string): Promise<void> {
  await openAdminPath(page, 'plugins/whatsapp/automations');
  await page.getByRole('heading', { name: tr.t('automations.title'), level: 1 }).waitFor();
  await page.getByRole('link', { name, exact: true }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}

/** Switches a rule on or off in its editor and saves it. */
async function setRuleEnabled(page: Page, name: string, enabled: boolean): Promise<void> {
  await openRule(page, name);
  const toggle = page.getByRole('checkbox', { name: tr.t('automations.field.enabled') });
  if ((await toggle.isChecked()) !== enabled) await toggle.click();
  await page.getByRole('button', { name: tr.t('automations.save'), exact: true }).click();
  await page.getByText(tr.t('automations.saved')).first().waitFor();
  await openAdminPath(page, 'plugins/whatsapp/automations');
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name, exact: true }) });
  await row.getByText(tr.t(enabled ? 'automations.enabled' : 'automations.disabled'), { exact: true }).waitFor();
}

/** The supplier's conversation: the customer record the plugin keeps for their phone, found by it. */
async function openSupplierCommsTab(page: Page) {
  await findAndOpenEntry(page, UID.customer, SUPPLIER.phone.slice(1), SUPPLIER.phone);
  return conversationTimeline(page);
}

describe('Integrator: a rule that WhatsApps the supplier when a purchase order is approved', () => {
  let session: BrowserSession;
  let orderId = '';
  const phones = sandbox();

  beforeAll(async () => {
    session = await openBrowser();
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('switches the demo rule off and creates their own on the Automations page', async () => {
    const { page } = session;
    await setRuleEnabled(page, DEMO_RULE, false);

    await page.getByRole('button', { name: tr.t('automations.create') }).click();
    await page.getByRole('heading', { name: tr.t('automations.create'), level: 1 }).waitFor();
    await page.getByRole('textbox', { name: tr.t('automations.field.name') }).fill(RULE);
    await choose(page, page, tr.t('automations.field.contentType'), `Purchase order (${PO_UID})`);
    await choose(page, page, tr.t('automations.field.event'), tr.t('automations.event.updated'));
    await choose(page, page, tr.t('automations.field.condition'), tr.t('automations.operator.changedTo'));
    await choose(page, page, tr.t('automations.field.conditionField'), 'orderStatus');
    await choose(page, page, tr.t('automations.field.to'), 'approved');
    await choose(page, page, tr.t('automations.field.recipient'), 'supplier.phone');
    await choose(page, page, tr.t('automations.field.tenant'), `tenant → ${UID.tenant}`);
    await choose(page, page, tr.t('automations.field.template'), 'po_notification (es) · APPROVED');

    // One row per variable of the template: supplier name, order number, total as a currency.
    const variable = (n: number) => page.getByRole('group', { name: tr.t('automations.mapping.variable', { name: `{{${n}}}`, key: `body.${n}` }) });
    const mapField = async (n: number, path: string) => {
      await choose(page, variable(n), tr.t('automations.mapping.source'), tr.t('automations.mapping.field'));
      await choose(page, variable(n), tr.t('automations.mapping.path'), path);
    };
    await mapField(1, 'supplier.name');
    await mapField(2, 'poNumber');
    await mapField(3, 'total');
    await choose(page, variable(3), tr.t('automations.mapping.format'), tr.t('automations.format.currency'));
    await choose(page, variable(3), tr.t('automations.mapping.currencyPath'), 'currency');
    await screenshot(page, SPEC, 'rule-form');

    await page.getByRole('button', { name: tr.t('automations.save'), exact: true }).click();
    await page.getByText(tr.t('automations.saved')).first().waitFor();
    await page.getByRole('heading', { name: RULE, level: 1 }).waitFor();
    await page.getByRole('heading', { name: tr.t('automations.activity.title') }).waitFor();
    await page.getByText(tr.t('automations.activity.empty')).waitFor();

    await openAdminPath(page, 'plugins/whatsapp/automations');
    const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: RULE, exact: true }) });
    await row.getByText('orderStatus → approved').waitFor();
    await row.getByText(tr.t('automations.enabled'), { exact: true }).waitFor();
    await screenshot(page, SPEC, 'rules');
  });

  it('a CRM user records a supplier and a submitted purchase order in the content manager', async () => {
    const { page } = session;
    await createEntry(page, SUPPLIER_UID, {
      text: { name: SUPPLIER.name, phone: spacedPhone(SUPPLIER.phone) },
      relation: { tenant: DEMO.laEspiga.name },
    });
    orderId = await createEntry(page, PO_UID, {
      text: { poNumber: ORDER.poNumber, total: ORDER.total },
      select: { orderStatus: 'submitted' },
      relation: { supplier: SUPPLIER.name, tenant: DEMO.laEspiga.name },
    });
    await page.getByRole('heading', { name: ORDER.poNumber }).waitFor();
    await screenshot(page, SPEC, 'order-submitted');
  });

  it('approves the order; the supplier gets po_notification with its three values, and reads it', async () => {
    const { page } = session;
    await fillEntry(page, PO_UID, { select: { orderStatus: 'approved' } });
    await saveEntry(page);
    await screenshot(page, SPEC, 'order-approved');

    const timeline = await openSupplierCommsTab(page);
    const sent = bubble(timeline, 'po_notification');
    await sent.waitFor();
    for (const value of VALUES) await sent.getByText(value, { exact: false }).first().waitFor();
    await sent.getByText(`Hola ${VALUES[0]}, le enviamos el pedido de compra ${VALUES[1]} por un total de ${VALUES[2]}.`, { exact: false }).waitFor();
    await sent.getByText(tr.t('inbox.automation', { rule: RULE, source: `purchase-order ${orderId}` })).waitFor();
    // The sandbox reports sent, delivered, read, as the supplier's phone would.
    await sent.getByRole('img', { name: tr.t('inbox.status.read') }).waitFor();
    expect(await sent.count()).toBe(1);
    await screenshot(page, SPEC, 'supplier-comms-tab');
  });

  it('saving the approved order again sends nothing', async () => {
    const { page } = session;
    await openEntry(page, PO_UID, orderId);
    await page.getByRole('heading', { name: ORDER.poNumber }).waitFor();
    await page.getByRole('combobox', { name: fieldName(PO_UID, 'orderStatus') }).getByText('approved').waitFor();
    await fillEntry(page, PO_UID, { text: { total: '990' } });
    await saveEntry(page);

    // The supplier answers afterwards (the sandbox as their phone): once that reply is on the
    // timeline, anything the second save had queued would be there too.
    await phones.customerWrites({ from: SUPPLIER.phone, phoneNumberId: DEMO.laEspiga.phoneNumberId, name: SUPPLIER.name, text: `Recibido ${ORDER.poNumber}, gracias` });
    const timeline = await openSupplierCommsTab(page);
    await bubble(timeline, `Recibido ${ORDER.poNumber}, gracias`).waitFor();
    expect(await bubble(timeline, 'po_notification').count()).toBe(1);
    await screenshot(page, SPEC, 'saved-again');

    // The rule's own log says the same: one run, sent and read.
    await openRule(page, RULE);
    const runs = page.getByRole('heading', { name: tr.t('automations.activity.title') }).locator('xpath=..').getByRole('row');
    await runs.filter({ hasText: orderId }).getByText(tr.t('automations.outcome.sent'), { exact: true }).waitFor();
    expect(await runs.filter({ hasText: orderId }).count()).toBe(1);
    await screenshot(page, SPEC, 'rule-activity');
  });

  it('deletes their rule and switches the demo rule back on, leaving the rules as seeded', async () => {
    const { page } = session;
    // Another run on the same database would otherwise have two rules sending the same message.
    await openRule(page, RULE);
    await page.getByRole('button', { name: tr.t('automations.delete') }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('heading', { name: tr.t('automations.title'), level: 1 }).waitFor();
    await page.getByRole('link', { name: RULE, exact: true }).waitFor({ state: 'detached' });

    await setRuleEnabled(page, DEMO_RULE, true);
    expect(session.pageErrors).toEqual([]);
  });
});
