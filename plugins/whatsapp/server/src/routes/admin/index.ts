import messages from './messages';

export default () => ({
  type: 'admin',
  routes: [...messages],
});
