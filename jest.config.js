/**
 * One jest run covers the plugin's unit tests (plugins/whatsapp/server/src/**\/__tests__) and the
 * API tests that boot a real Strapi (tests/**). Files run one after another (--runInBand in the
 * npm script): each API test file owns a Strapi instance and a fresh database.
 */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  roots: ['<rootDir>/tests', '<rootDir>/plugins/whatsapp/server', '<rootDir>/plugins/whatsapp/sandbox', '<rootDir>/plugins/whatsapp/shared'],
  testMatch: ['**/*.test.ts'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/plugins/whatsapp/dist/', '<rootDir>/.tmp/'],
  setupFiles: ['<rootDir>/tests/helpers/env.ts'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  testTimeout: 60000,
};
