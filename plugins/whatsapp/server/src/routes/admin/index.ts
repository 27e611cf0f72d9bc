export default () => ({
  type: 'admin',
  routes: [] as any[],
});
