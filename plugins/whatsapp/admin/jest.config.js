/**
 * Admin component tests (`npm run test:admin` at the repo root): React components of the plugin's
 * admin panel rendered in jsdom with Testing Library. Separate from the root jest.config.js, which
 * runs the server unit tests and the API tests in node.
 *
 * Tests live in admin/tests (outside src, so the plugin build and `tsc -p admin/tsconfig.json`
 * never see them). The HTTP boundary is global fetch, stubbed per test by tests/utils/server.ts.
 */
const ESM_PACKAGES = ['fractional-indexing', 'react-dnd', 'dnd-core', '@react-dnd/invariant', '@react-dnd/asap', '@react-dnd/shallowequal', 'react-dnd-html5-backend'];

module.exports = {
  displayName: 'admin',
  rootDir: __dirname,
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.tsx', '**/*.test.ts'],
  testEnvironment: '<rootDir>/tests/utils/environment.js',
  setupFilesAfterEnv: ['<rootDir>/tests/utils/setup.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // A few of Strapi's admin dependencies ship ES modules only; compile them to CommonJS as well.
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  moduleNameMapper: {
    '\\.(css|less|scss)(\\?.*)?$': '<rootDir>/tests/utils/style-stub.js',
    '\\.(png|jpe?g|gif|svg|webp|ico|woff2?)$': '<rootDir>/tests/utils/file-stub.js',
  },
  // The plugin's build output (plugins/whatsapp/dist) holds copies of the sources: never load those.
  modulePathIgnorePatterns: ['<rootDir>/../dist/'],
  collectCoverageFrom: ['<rootDir>/src/**/*.{ts,tsx}'],
  testTimeout: 30000,
};
