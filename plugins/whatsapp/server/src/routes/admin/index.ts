import { templateRoutes } from './templates';

export default () => ({
  type: 'admin',
  routes: [...templateRoutes] as any[],
});
