import type { Locator, Page } from 'playwright-core';
import { login, openAdminPath, setInterfaceLanguage } from './admin';
import { screenshot } from './artifacts';
import { openBrowser, type BrowserSession } from './browser';
import { createEntry } from './content-manager';
import { translator, type Locale } from './translations';
import { DEMO, bubble, choose, conversationTimeline, openCustomerCommsTab, sandbox, spacedPhone, uniquePhone, type ConversationLabels } from './whatsapp';
import { UID } from '../../plugins/whatsapp/shared/uids';

/**
 * The CRM user's day, as one journey in the interface language given (issue #12): a new customer
 * who never wrote gets an approved template (the only thing WhatsApp delivers outside the 24-hour
 * window); once the customer writes (the sandbox plays their phone) the user replies in free text;
 * a message Meta refuses (the sandbox plays Meta) explains itself and is retried; in the inbox the
 * user filters by unread and by tenant and finds a conversation by phone. `crm-user.spec.ts` runs
 * it in English, `crm-user-languages.spec.ts` in Spanish and in Basque after switching the
 * profile's interface language, with every expected string read from the translation files.
 *
 * The two customers are this run's own: Nerea, created in the content manager (Horno San Miguel),
 * and Iker, unknown until he writes to Panadería La Espiga (the plugin makes him a customer).
 */
export function describeCrmUserJourney(locale: Locale): void {
  const tr = translator(locale);
  const spec = `journey-crm-user-${locale}`;
  const run = `${Date.now().toString(36)}${locale}`;
  const nerea = { name: `Nerea Goñi ${run}`, phone: uniquePhone() };
  const iker = { name: `Iker Arana ${run}`, phone: uniquePhone() };
  const order = `A-${run.toUpperCase()}`;
  const labels: ConversationLabels = { timeline: tr.t('inbox.timeline.label'), live: `● ${tr.t('inbox.live.open')}` };
  const phones = sandbox();

  const read = (message: Locator) => message.getByRole('img', { name: tr.t('inbox.status.read') });
  const conversations = (page: Page) => page.getByRole('list', { name: tr.t('inbox.list.label') });
  const conversation = (page: Page, name: string) => conversations(page).getByRole('listitem').filter({ hasText: name });
  const unreadBadge = (item: Locator, count: number) => item.getByLabel(tr.t('inbox.list.unread', { count }), { exact: true });

  describe(`CRM user's journey (${locale})`, () => {
    let session: BrowserSession;
    let nereaId = '';

    beforeAll(async () => {
      session = await openBrowser();
      await login(session.page);
      if (locale !== 'en') await setInterfaceLanguage(session.page, 'en', locale);
    });

    afterAll(async () => {
      try {
        // Back to English for whoever logs in next with this admin (the language is the user's).
        if (locale !== 'en' && session) await setInterfaceLanguage(session.page, locale, 'en');
      } finally {
        await session?.close();
      }
    });

    it('offers only approved templates to a new customer who never wrote, and sends one', async () => {
      const { page } = session;
      nereaId = await createEntry(
        page,
        UID.customer,
        { text: { name: nerea.name, phone: spacedPhone(nerea.phone), language: 'es' }, relation: { tenant: DEMO.sanMiguel.name } },
        tr
      );
      const timeline = await conversationTimeline(page, labels);
      await timeline.getByText(tr.t('inbox.timeline.empty')).waitFor();
      await page.getByText(tr.t('inbox.window.never')).waitFor();
      expect(await page.getByRole('textbox', { name: tr.t('inbox.composer.message'), exact: true }).count()).toBe(0);

      await choose(page, page, tr.t('inbox.templates.choose'), /^order_ready · es/);
      const send = page.getByRole('button', { name: tr.t('inbox.templates.send') });
      expect(await send.isDisabled()).toBe(true);
      await page.getByRole('textbox', { name: tr.t('inbox.templates.bodyVariable', { name: '{{1}}' }) }).fill('Nerea');
      await page.getByRole('textbox', { name: tr.t('inbox.templates.bodyVariable', { name: '{{2}}' }) }).fill(order);
      // The preview fills in what was typed.
      await page.getByText(`¡Hola Nerea! Su pedido ${order} ya está listo para recoger en la tienda.`).first().waitFor();
      await screenshot(page, spec, 'template-picker');
      await send.click();

      const sent = bubble(timeline, tr.t('inbox.template.label', { name: 'order_ready' }));
      await sent.waitFor();
      await read(sent).waitFor();
      await screenshot(page, spec, 'template-read');
    });

    it('replies in free text once the customer writes (the window is open)', async () => {
      const { page } = session;
      const timeline = page.getByRole('log', { name: labels.timeline });
      await phones.customerWrites({ from: nerea.phone, phoneNumberId: DEMO.sanMiguel.phoneNumberId, name: 'Nerea', text: `Voy a las 18:00 a por el ${order}` });
      await bubble(timeline, `Voy a las 18:00 a por el ${order}`).waitFor();
      await page.getByText(new RegExp(`^${tr.t('inbox.window.open')} · `)).waitFor();

      const box = page.getByRole('textbox', { name: tr.t('inbox.composer.message'), exact: true });
      await box.fill(`Perfecto, le esperamos (${run})`);
      await box.press('Enter');
      const reply = bubble(timeline, `Perfecto, le esperamos (${run})`);
      await read(reply).waitFor();
      expect(await box.inputValue()).toBe('');
      await screenshot(page, spec, 'reply-read');
    });

    it('sees a message Meta refused explained in plain words, and retries it', async () => {
      const { page } = session;
      const timeline = page.getByRole('log', { name: labels.timeline });
      // WhatsApp (the sandbox) refuses the next send, as Meta does for a number it cannot reach.
      await phones.metaRefusesNextSend(131026, 'Message undeliverable');
      const box = page.getByRole('textbox', { name: tr.t('inbox.composer.message'), exact: true });
      await box.fill(`También tenemos pan de nueces (${run})`);
      await page.getByRole('button', { name: tr.t('inbox.composer.send'), exact: true }).click();

      const failed = bubble(timeline, `También tenemos pan de nueces (${run})`);
      await failed.getByText(tr.t('inbox.errors.131026')).waitFor();
      await failed.getByText('#131026 · Message undeliverable').waitFor();
      await screenshot(page, spec, 'failed');

      await failed.getByRole('button', { name: tr.t('inbox.actions.retry') }).click();
      await read(failed).waitFor();
      expect(await failed.getByRole('button', { name: tr.t('inbox.actions.retry') }).count()).toBe(0);
      expect(await failed.getByText(tr.t('inbox.errors.131026')).count()).toBe(0);
      await screenshot(page, spec, 'retried');
    });

    it('filters the inbox by unread and by tenant, and finds a conversation by phone', async () => {
      const { page } = session;
      await openAdminPath(page, 'plugins/whatsapp/inbox');
      await page.getByRole('heading', { name: tr.t('inbox.title'), level: 1 }).waitFor();
      await conversation(page, nerea.name).waitFor();

      // Iker, not a customer yet, writes to La Espiga: his conversation arrives unread.
      await phones.customerWrites({ from: iker.phone, phoneNumberId: DEMO.laEspiga.phoneNumberId, name: iker.name, text: `¿Abrís el domingo? (${run})` });
      await unreadBadge(conversation(page, iker.name), 1).waitFor();

      await choose(page, page, tr.t('inbox.filters.show'), tr.t('inbox.filters.unread'));
      await conversation(page, iker.name).waitFor();
      // Nerea's conversation was read in her comms tab.
      await conversation(page, nerea.name).waitFor({ state: 'detached' });
      // She writes again: her conversation comes back, unread, without a reload.
      await phones.customerWrites({ from: nerea.phone, phoneNumberId: DEMO.sanMiguel.phoneNumberId, name: 'Nerea', text: `¡Gracias! (${run})` });
      await unreadBadge(conversation(page, nerea.name), 1).waitFor();
      await screenshot(page, spec, 'inbox-unread');

      await choose(page, page, tr.t('inbox.filters.tenant'), DEMO.sanMiguel.name);
      await conversation(page, nerea.name).waitFor();
      await conversation(page, iker.name).waitFor({ state: 'detached' });
      for (const item of await conversations(page).getByRole('listitem').all()) {
        expect(await item.textContent()).toContain(DEMO.sanMiguel.name);
      }
      await screenshot(page, spec, 'inbox-tenant');

      // A fresh inbox (no filters), and a search by the digits of Iker's phone.
      await openAdminPath(page, 'plugins/whatsapp/inbox');
      await conversation(page, nerea.name).waitFor();
      await page.getByRole('textbox', { name: tr.t('inbox.filters.search') }).fill(iker.phone.slice(-8));
      await conversation(page, nerea.name).waitFor({ state: 'detached' });
      expect(await conversations(page).getByRole('listitem').count()).toBe(1);
      await conversation(page, iker.name).click();
      const timeline = await conversationTimeline(page, labels);
      await bubble(timeline, `¿Abrís el domingo? (${run})`).waitFor();
      // Opening it reads it.
      await conversation(page, iker.name).getByTestId('wa-unread').waitFor({ state: 'detached' });
      await screenshot(page, spec, 'inbox-search');

      // Nerea's comms tab still shows her whole conversation.
      const nereaTimeline = await openCustomerCommsTab(page, nereaId, labels);
      await bubble(nereaTimeline, `¡Gracias! (${run})`).waitFor();
      expect(session.pageErrors).toEqual([]);
    });
  });
}
