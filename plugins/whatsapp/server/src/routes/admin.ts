import accounts from '../numbers/routes/accounts.admin';
import audit from '../audit/routes/audit.admin';
import customerData from '../privacy/routes/customer-data.admin';
import automations from '../automations/routes/automations.admin';
import conversations from '../conversations/routes/conversations.admin';
import newConversation from '../conversations/routes/new-conversation.admin';
import inbox from '../inbox/routes/inbox.admin';
import messages from '../outbound/routes/messages.admin';
import numbers from '../numbers/routes/numbers.admin';
import overview from '../numbers/routes/overview.admin';
import sandbox from '../inbound/routes/sandbox.admin';
import templates from '../templates/routes/templates.admin';
import webhookEvents from '../inbound/routes/webhook-events.admin';
import customers from '../customers/routes/customers.admin';
import myTenants from '../tenancy/routes/my-tenants.admin';

/** Admin API (`/whatsapp/...`): one file per feature, each route guarded by `allow(<action>)`. */
export default () => ({
  type: 'admin',
  routes: [
    ...overview,
    ...messages,
    ...inbox,
    ...conversations,
    ...newConversation,
    ...webhookEvents,
    ...sandbox,
    ...numbers,
    ...accounts,
    ...audit,
    ...customerData,
    ...templates,
    ...automations,
    ...customers,
    ...myTenants,
  ] as any[],
});
