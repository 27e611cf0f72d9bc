/**
 * jest setupFiles: runs before every test file. Strapi's dotenv never overrides variables that are
 * already set, so these win over a developer's .env and the tests never depend on it.
 */
const defaults: Record<string, string> = {
  NODE_ENV: 'test',
  STRAPI_TELEMETRY_DISABLED: 'true',
  APP_KEYS: 'testKeyA,testKeyB',
  API_TOKEN_SALT: 'test-api-token-salt',
  ADMIN_JWT_SECRET: 'test-admin-jwt-secret',
  TRANSFER_TOKEN_SALT: 'test-transfer-token-salt',
  JWT_SECRET: 'test-jwt-secret',
  ENCRYPTION_KEY: 'test-encryption-key-0123456789abcdef',
  ADMIN_RATE_LIMIT: 'false',
  DATABASE_CLIENT: process.env.DATABASE_CLIENT || 'sqlite',
};

for (const [key, value] of Object.entries(defaults)) {
  if (process.env[key] === undefined) process.env[key] = value;
}
