export { e2eEnv } from './env';
export { openBrowser, CHROMIUM_ARGS, CHROMIUM_PATH, type BrowserSession } from './browser';
export { login, openFromMainMenu, openAdminPath } from './admin';
export { screenshot } from './artifacts';
export { adminApi } from './api';
