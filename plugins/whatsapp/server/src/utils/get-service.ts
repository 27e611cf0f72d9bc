import type { Core } from '@strapi/strapi';
import type services from '../services';

export const PLUGIN_ID = 'whatsapp';

type Services = typeof services;
export type ServiceName = keyof Services;
export type ServiceOf<N extends ServiceName> = ReturnType<Services[N]>;

/** Typed access to this plugin's services: `getService(strapi, 'accounts').ensureMaster()`. */
export function getService<N extends ServiceName>(strapi: Core.Strapi, name: N): ServiceOf<N> {
  return strapi.plugin(PLUGIN_ID).service(name) as ServiceOf<N>;
}
