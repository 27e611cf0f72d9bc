import { automationRoutes } from './automations';

export default () => ({
  type: 'admin',
  routes: [...automationRoutes] as any[],
});
