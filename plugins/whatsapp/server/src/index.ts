import bootstrap from './bootstrap';
import config from './core/config';
import contentTypes from './content-types';
import controllers from './controllers';
import destroy from './destroy';
import middlewares from './middlewares';
import policies from './policies';
import register from './register';
import routes from './routes';
import services from './services';

export default {
  register,
  bootstrap,
  destroy,
  config,
  controllers,
  routes,
  services,
  contentTypes,
  policies,
  middlewares,
};

/** Standalone sandbox (`npm run sandbox`): exposed from the built bundle for bin/sandbox.js. */
export { runSandboxCli } from '../../sandbox/cli';

/** The Cloud API sandbox itself, for tools that run against it (bench/outbound). */
export { createSandbox } from '../../sandbox';

/**
 * For a host app's own migrations (`database/migrations`) when it renames an attribute: the same
 * column, Content Manager view and automation-rule rename the plugin runs for its own types.
 */
export { renameAttributes, reversed as reversedRenames, type AttributeRename } from './core/migrations/rename-attributes';

/**
 * For a host app's bootstrap: curated Content Manager views of its own types, written the way the
 * plugin writes its own (once per version, a user's later changes kept; docs/content-manager.md).
 */
export { applyContentManagerViews, type ContentManagerView, type FieldView, type Label } from './core/content-manager';
