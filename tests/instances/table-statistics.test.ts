/**
 * The plugin keeps PostgreSQL's planner statistics of its tables current where autovacuum has not
 * (core/table-statistics.ts): on a database Strapi just created, the hot statements were planned
 * for empty tables and a conversation summary's refresh scanned the log once per message.
 *
 * Webhooks through the signed route fill a young database; the check then analyses the plugin's
 * tables that changed (and only those), the planner's row count follows, and the inbox is right.
 * Always on PostgreSQL, whatever DATABASE_CLIENT says (statistics are PostgreSQL's): the SQLite
 * pass of test:all leaves it out.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { deliver, envelope, messagesValue, nowSeconds, wamid } from '../inbound/helpers';
import { eventually } from '../outbound/helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { analyzeStaleTables, pluginTables, staleTables } from '../../plugins/whatsapp/server/src/core/table-statistics';

const savedClient = process.env.DATABASE_CLIENT;
process.env.DATABASE_CLIENT = 'postgres';
afterAll(() => {
  process.env.DATABASE_CLIENT = savedClient;
});

const CUSTOMERS = 60;
const MESSAGES_EACH = 12;

describe('table statistics (PostgreSQL)', () => {
  let app: TestApp;
  let token: string;
  const messagesTable = () => app.strapi.db.metadata.get(UID.message).tableName;
  const plannerRows = async (table: string) =>
    Number((await app.strapi.db.connection.raw('select reltuples from pg_class where relname = ?', [table])).rows[0].reltuples);

  beforeAll(async () => {
    app = await startTestApp({ sandbox: { autoStatuses: [] } });
    token = (await createAdmin(app)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('analyses the plugin tables that filled since their last analysis, and only those', async () => {
    expect(pluginTables(app.strapi)).toEqual(expect.arrayContaining([messagesTable(), 'whatsapp_messages_customer_lnk']));
    expect(pluginTables(app.strapi).every((table) => table.startsWith('whatsapp_'))).toBe(true);

    // A young database: the log fills through Meta's webhook, 12 messages per customer.
    for (let c = 0; c < CUSTOMERS; c += 1) {
      const from = `3460070${String(c).padStart(4, '0')}`;
      const messages = Array.from({ length: MESSAGES_EACH }, (_, i) => ({ from, id: wamid(`stat${c}x`), timestamp: nowSeconds(), type: 'text', text: { body: `Mensaje ${i}` } }));
      await deliver(
        app,
        envelope(TEST_CREDENTIALS.businessAccountId, [
          { field: 'messages', value: messagesValue({}, { contacts: [{ wa_id: from, profile: { name: `Cliente ${c}` } }], messages }) },
        ])
      );
    }
    const stored = Number((await app.strapi.db.connection(messagesTable()).count({ n: '*' }))[0].n);
    expect(stored).toBe(CUSTOMERS * MESSAGES_EACH);
    expect(await plannerRows(messagesTable())).toBeLessThan(1);

    // PostgreSQL publishes a backend's table counters shortly after its transactions end.
    const stale = await eventually(async () => {
      const tables = await staleTables(app.strapi);
      return tables.includes(messagesTable()) && tables;
    }, 20_000, 'the messages table reported as changed');
    expect(stale.every((table) => pluginTables(app.strapi).includes(table))).toBe(true);

    expect(await analyzeStaleTables(app.strapi)).toEqual(stale);
    expect(await plannerRows(messagesTable())).toBe(stored);
    // Analysed, the table is not stale any more: the next check leaves it alone.
    expect(await staleTables(app.strapi)).not.toContain(messagesTable());

    // The inbox reads the summaries the refreshes kept, one conversation per customer.
    const res = await app.http.get('/whatsapp/conversations').query({ pageSize: '100' }).set({ Authorization: `Bearer ${token}` });
    expect(res.status).toBe(200);
    expect(res.body.meta.pagination.total).toBe(CUSTOMERS);
    expect(res.body.data[0]).toMatchObject({ unread: MESSAGES_EACH, messageCount: MESSAGES_EACH });
  });
});
