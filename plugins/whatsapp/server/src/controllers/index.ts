import automations from './automations';
import messages from './messages';

export default {
  messages,
  automations,
};
