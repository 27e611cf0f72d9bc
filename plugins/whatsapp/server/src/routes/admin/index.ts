import accounts from './accounts';
import numbers from './numbers';

export default () => ({
  type: 'admin',
  routes: [...numbers, ...accounts] as any[],
});
