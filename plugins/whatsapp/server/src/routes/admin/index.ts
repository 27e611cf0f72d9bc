import { inboxRoutes } from './inbox';

export default () => ({
  type: 'admin',
  routes: [...inboxRoutes] as any[],
});
