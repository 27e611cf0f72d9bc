/** What `e2e/run.js` hands to the specs: the server under test and the admin to log in with. */
export function e2eEnv() {
  const baseUrl = process.env.E2E_BASE_URL;
  if (!baseUrl) throw new Error('E2E_BASE_URL is not set: run the specs with `npm run test:e2e`, not plain jest');
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    admin: {
      email: process.env.E2E_ADMIN_EMAIL || 'e2e-admin@example.com',
      password: process.env.E2E_ADMIN_PASSWORD || 'E2eAdmin12345!',
    },
    artifactsDir: process.env.E2E_ARTIFACTS || `${__dirname}/../artifacts`,
  };
}
