import { parseConfig } from './schema';

export default {
  // Values come from the host's config/plugins.ts (which reads the environment); parseConfig
  // supplies every default, so an empty object here keeps one source of defaults.
  default: {},
  validator(config: unknown) {
    parseConfig(config);
  },
};
