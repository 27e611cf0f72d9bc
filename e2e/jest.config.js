/**
 * Jest for the browser tests only (`npm run test:e2e` starts the server first and passes its URL
 * in E2E_BASE_URL). Specs run one after another against one shared server and database.
 */
const path = require('path');

module.exports = {
  rootDir: path.resolve(__dirname, '..'),
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.spec.ts'],
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/plugins/whatsapp/dist/', '<rootDir>/e2e/artifacts/'],
  // A cold admin page (lazy chunks) plus login can take a while on a busy 2-core machine.
  testTimeout: 120000,
  slowTestThreshold: 60,
  testSequencer: '<rootDir>/e2e/sequencer.js',
};
