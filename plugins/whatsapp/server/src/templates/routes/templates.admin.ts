import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** Admin API: `/whatsapp/templates…` (docs/templates.md). */
export default [
  { method: 'GET', path: '/templates', handler: 'templates.list', config: allow(ACTIONS.templatesRead) },
  { method: 'POST', path: '/templates', handler: 'templates.create', config: allow(ACTIONS.templatesManage) },
  { method: 'POST', path: '/templates/sync', handler: 'templates.sync', config: allow(ACTIONS.templatesManage) },
  { method: 'POST', path: '/templates/header-sample', handler: 'templates.headerSample', config: allow(ACTIONS.templatesManage) },
  { method: 'PUT', path: '/templates/:documentId', handler: 'templates.update', config: allow(ACTIONS.templatesManage) },
  { method: 'GET', path: '/templates/:documentId', handler: 'templates.findOne', config: allow(ACTIONS.templatesRead) },
  { method: 'GET', path: '/templates/:documentId/stats', handler: 'templates.stats', config: allow(ACTIONS.templatesRead) },
  { method: 'POST', path: '/templates/:documentId/submit', handler: 'templates.submit', config: allow(ACTIONS.templatesManage) },
  { method: 'DELETE', path: '/templates/:documentId', handler: 'templates.remove', config: allow(ACTIONS.templatesManage) },
];
