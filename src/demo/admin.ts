import type { Core } from '@strapi/strapi';

export const DEFAULT_DEMO_ADMIN = { email: 'admin@example.com', password: 'Admin12345!' };

export interface DemoAdminResult {
  created: boolean;
  email: string;
}

/**
 * A super admin to log in with, unless any admin exists (a real installation is never given a
 * second, well-known account). Credentials from DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD.
 */
export async function ensureDemoAdmin(strapi: Core.Strapi, env: NodeJS.ProcessEnv = process.env): Promise<DemoAdminResult> {
  const email = (env.DEMO_ADMIN_EMAIL || DEFAULT_DEMO_ADMIN.email).trim().toLowerCase();
  const password = env.DEMO_ADMIN_PASSWORD || DEFAULT_DEMO_ADMIN.password;
  if ((await strapi.db.query('admin::user').count()) > 0) return { created: false, email };

  const superAdmin = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdmin) throw new Error('[demo] the super admin role does not exist yet');
  await strapi.service('admin::user').create({
    email,
    password,
    firstname: 'Demo',
    lastname: 'Admin',
    isActive: true,
    registrationToken: null,
    roles: [superAdmin.id],
  });
  return { created: true, email };
}

/** The log lines shown once, when the admin was just created. A custom password is not echoed. */
export function demoAdminBanner(adminUrl: string, email: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const password = env.DEMO_ADMIN_PASSWORD ? '(the value of DEMO_ADMIN_PASSWORD)' : DEFAULT_DEMO_ADMIN.password;
  return [
    `[demo] Demo admin created. Log in at ${adminUrl}`,
    `[demo]   email:    ${email}`,
    `[demo]   password: ${password}`,
  ];
}
