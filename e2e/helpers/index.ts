export { e2eEnv } from './env';
export { openBrowser, openSecondWindow, CHROMIUM_ARGS, CHROMIUM_PATH, type BrowserSession } from './browser';
export { login, openFromMainMenu, openAdminPath, setInterfaceLanguage } from './admin';
export { screenshot } from './artifacts';
export { adminApi } from './api';
export { translator, LANGUAGE_NAMES, type Locale, type Translator } from './translations';
export { createEntry, fillEntry, fieldName, saveEntry, openEntry, findAndOpenEntry, type EntryFields } from './content-manager';
export {
  DEMO,
  uniquePhone,
  spacedPhone,
  sandbox,
  openCustomerCommsTab,
  conversationTimeline,
  bubble,
  choose,
  ENGLISH_LABELS,
  type ConversationLabels,
} from './whatsapp';
export { tabTo, focusIndicator } from './keyboard';
