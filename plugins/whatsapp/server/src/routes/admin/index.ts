import overview from './overview';

export default () => ({
  type: 'admin',
  routes: [...overview] as any[],
});
