import messages from './messages';

export default () => ({
  type: 'content-api',
  routes: [...messages],
});
