/**
 * The CRM user's journey in English: templates for a customer who never wrote, a free-text reply
 * once they write, a refused message retried, the inbox's unread and tenant filters and its
 * search by phone (e2e/helpers/crm-user-journey.ts has the steps).
 */
import { describeCrmUserJourney } from '../../helpers/crm-user-journey';

describeCrmUserJourney('en');
