export { PLUGIN_ID } from '../../shared/uids';
