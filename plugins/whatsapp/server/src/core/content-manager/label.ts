import type { Label } from './types';

/** `l('Delivery status', 'Estado de entrega', 'Entrega-egoera')`: a label in en, es, eu. */
export const l = (en: string, es: string, eu: string): Label => ({ en, es, eu });
