import type { Core } from '@strapi/strapi';
import { PLUGIN_ID } from '../../../shared/uids';
import type services from '../services';

export { PLUGIN_ID };

type Services = typeof services;
export type ServiceName = keyof Services;
export type ServiceOf<N extends ServiceName> = ReturnType<Services[N]>;

/** Typed access to this plugin's services: `getService(strapi, 'accounts').ensureMaster()`. */
export function getService<N extends ServiceName>(strapi: Core.Strapi, name: N): ServiceOf<N> {
  return strapi.plugin(PLUGIN_ID).service(name) as ServiceOf<N>;
}
