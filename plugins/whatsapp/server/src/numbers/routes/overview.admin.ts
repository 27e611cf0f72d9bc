import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** The overview shows the runtime status, so it needs the settings read action. */
export default [{ method: 'GET', path: '/overview', handler: 'overview.get', config: allow(ACTIONS.settingsRead) }];
