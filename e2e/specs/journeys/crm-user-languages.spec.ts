/**
 * The CRM user's journey once more in Spanish and in Basque: the user picks the language in their
 * profile (Interface language), and every screen of the journey shows the plugin's strings of that
 * language, read from plugins/whatsapp/admin/src/translations (e2e/helpers/crm-user-journey.ts).
 * Each pass sets the profile back to English at the end.
 */
import { describeCrmUserJourney } from '../../helpers/crm-user-journey';

describeCrmUserJourney('es');
describeCrmUserJourney('eu');
