import automations from './automations';

export default {
  automations,
};
