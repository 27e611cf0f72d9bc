/**
 * A bakery's owner (#14): Amaia, of Panadería La Espiga, has the demo's "Bakery staff" role,
 * scoped to the tenants she is a member of. She logs in, finds her "My WhatsApp" card (her number,
 * its quality, WhatsApp on, the language, this month's messages), changes the language and finds
 * it kept, opens her inbox from the card, and sees her bakery's conversations and none of Horno
 * San Miguel's. The language goes back at the end, so other journeys find the demo as it was.
 */
import {
  adminApi,
  DEMO,
  e2eEnv,
  login,
  openAdminPath,
  openBrowser,
  screenshot,
  translator,
  type BrowserSession,
} from '../../helpers';
import { UID } from '../../../plugins/whatsapp/shared/uids';

const SPEC = 'journey-bakery-owner';
const tr = translator('en');
const OWNER = { email: 'amaia@laespiga.example', password: e2eEnv().admin.password };

describe('Bakery owner: my WhatsApp and my conversations only', () => {
  let session: BrowserSession;
  const api = adminApi();
  let ownNames: string[] = [];
  let otherNames: string[] = [];
  let laEspiga: string;

  beforeAll(async () => {
    session = await openBrowser();
    await api.login();
    // What the platform admin sees per bakery (the assertion's reference, not a step of the journey).
    const tenants = await api.call('GET', `/content-manager/collection-types/${UID.tenant}?pageSize=50`);
    const idOf = (name: string) => tenants.results.find((t: any) => t.name === name).documentId;
    laEspiga = idOf(DEMO.laEspiga.name);
    const namesOf = async (tenant: string) =>
      (await api.call('GET', `/whatsapp/conversations?tenant=${tenant}&pageSize=50`)).data.map((c: any) => c.customer?.name ?? c.contact?.profileName).filter(Boolean);
    ownNames = await namesOf(laEspiga);
    otherNames = await namesOf(idOf(DEMO.sanMiguel.name));
    if (!ownNames.length || !otherNames.length) throw new Error('the demo conversations of both live bakeries are missing');
    await login(session.page, OWNER);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('sees the card of her bakery: its number, WhatsApp on, the language this month’s messages and their estimated cost', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp');
    const mine = page.getByRole('region', { name: tr.t('my.title') });
    const card = mine.getByRole('group', { name: DEMO.laEspiga.name });
    await card.waitFor();
    await card.getByText(DEMO.laEspiga.display).waitFor();
    await card.getByText(tr.t('numbers.status.configured')).waitFor();
    expect(await card.getByRole('switch', { name: tr.t('my.enabled') }).getAttribute('aria-checked')).toBe('true');
    expect(await card.getByTestId('wa-my-usage').textContent()).toMatch(/^This month: \d+ sent .*, estimated cost \D*\d/);
    expect(await mine.getByRole('group', { name: DEMO.sanMiguel.name }).count()).toBe(0);
    await screenshot(page, SPEC, 'card');

    const language = card.getByRole('combobox', { name: tr.t('my.language') });
    await language.click();
    await page.getByRole('option', { name: 'eu', exact: true }).click();
    await language.getByText('eu', { exact: true }).waitFor();
    await page.reload();
    await mine.getByRole('group', { name: DEMO.laEspiga.name }).getByRole('combobox', { name: tr.t('my.language') }).getByText('eu', { exact: true }).waitFor();
  });

  it('opens her inbox from the card: her bakery’s conversations, none of the other bakery’s', async () => {
    const { page } = session;
    const card = page.getByRole('region', { name: tr.t('my.title') }).getByRole('group', { name: DEMO.laEspiga.name });
    await card.getByRole('link', { name: tr.t('my.openInbox') }).click();
    await page.getByRole('heading', { name: tr.t('inbox.title'), level: 1 }).waitFor();
    const list = page.getByRole('list', { name: tr.t('inbox.list.label') });
    await list.getByRole('listitem').filter({ hasText: ownNames[0] }).waitFor();
    // Without the tenant filter too: scoped by her membership, not by the link.
    await openAdminPath(page, 'plugins/whatsapp/inbox');
    await list.getByRole('listitem').filter({ hasText: ownNames[0] }).waitFor();
    for (const name of otherNames) expect(await list.getByRole('listitem').filter({ hasText: name }).count()).toBe(0);
    await screenshot(page, SPEC, 'inbox');
  });

  it('puts the language back', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp');
    const language = page.getByRole('region', { name: tr.t('my.title') }).getByRole('group', { name: DEMO.laEspiga.name }).getByRole('combobox', { name: tr.t('my.language') });
    await language.click();
    await page.getByRole('option', { name: 'es', exact: true }).click();
    await language.getByText('es', { exact: true }).waitFor();
  });
});
