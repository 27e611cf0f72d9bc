import { automationRoutes } from './automations';
import messages from './messages';

export default () => ({
  type: 'admin',
  routes: [...messages, ...automationRoutes] as any[],
});
