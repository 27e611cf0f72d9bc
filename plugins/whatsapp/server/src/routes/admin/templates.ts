import { ACTIONS } from '../../../../shared/permissions';

const guard = (action: string) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});

/** Admin routes for templates, mounted at /whatsapp/templates… (STRAPI_NOTES §3). */
export const templateRoutes = [
  { method: 'GET', path: '/templates', handler: 'templates.list', config: guard(ACTIONS.templatesRead) },
  { method: 'POST', path: '/templates/sync', handler: 'templates.sync', config: guard(ACTIONS.templatesManage) },
  { method: 'GET', path: '/templates/:documentId', handler: 'templates.findOne', config: guard(ACTIONS.templatesRead) },
  { method: 'GET', path: '/templates/:documentId/stats', handler: 'templates.stats', config: guard(ACTIONS.templatesRead) },
  { method: 'POST', path: '/templates/:documentId/submit', handler: 'templates.submit', config: guard(ACTIONS.templatesManage) },
  { method: 'DELETE', path: '/templates/:documentId', handler: 'templates.remove', config: guard(ACTIONS.templatesManage) },
];
