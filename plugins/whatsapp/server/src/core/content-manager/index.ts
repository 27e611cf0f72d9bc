export { applyContentManagerViews, registeredView } from './apply';
export { contentManagerGuardMiddleware } from './guard';
export { contentManagerMessages, fieldLabel } from './translations';
export { PLUGIN_VIEWS } from './views';
export type { ContentManagerView, FieldView, Label } from './types';
