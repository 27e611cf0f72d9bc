import numbers from './numbers';

export default () => ({
  type: 'admin',
  routes: [...numbers] as any[],
});
