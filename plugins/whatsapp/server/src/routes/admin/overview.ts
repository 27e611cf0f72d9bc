import { ACTIONS } from '../../../../shared/permissions';

/** The overview shows the runtime status, so it needs the settings read action. */
export default [
  {
    method: 'GET',
    path: '/overview',
    handler: 'overview.get',
    config: {
      policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [ACTIONS.settingsRead] } }],
    },
  },
];
