import { createHash } from 'node:crypto';
import type { SandboxOptions, SandboxPhoneNumber, SandboxTemplate } from './types';

/**
 * The demo WABA used by `npm run sandbox` and by Strapi's offline mode: five Spanish bakeries
 * and a handful of approved templates, so the product has something real-looking to show.
 */

export type DemoSandboxOptions = Required<Pick<SandboxOptions, 'wabaId' | 'phoneNumbers' | 'templates'>>;

export const DEMO_WABA_ID = '100000000000000';

const DEMO_NUMBERS: SandboxPhoneNumber[] = [
  { id: '100000000000001', displayPhoneNumber: '+34 600 000 001', verifiedName: 'Panadería La Espiga', qualityRating: 'GREEN' },
  { id: '100000000000002', displayPhoneNumber: '+34 600 000 002', verifiedName: 'Horno San Miguel', qualityRating: 'GREEN' },
  { id: '100000000000003', displayPhoneNumber: '+34 600 000 003', verifiedName: 'Obrador Dulce Miga', qualityRating: 'YELLOW' },
  { id: '100000000000004', displayPhoneNumber: '+34 600 000 004', verifiedName: 'Pastelería El Trigal', qualityRating: 'GREEN' },
  { id: '100000000000005', displayPhoneNumber: '+34 600 000 005', verifiedName: 'Panadería Masa Madre', qualityRating: 'UNKNOWN' },
];

const body = (text: string, example: string[]) => ({
  type: 'BODY',
  text,
  ...(example.length ? { example: { body_text: [example] } } : {}),
});

const DEMO_TEMPLATES: SandboxTemplate[] = [
  {
    name: 'po_notification',
    language: 'es',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Nuevo pedido de compra' },
      body('Hola {{1}}, le enviamos el pedido de compra {{2}} por un total de {{3}}. Gracias por su servicio.', [
        'Harinas del Norte',
        'PO-2026-0042',
        '1.250,00 €',
      ]),
      { type: 'FOOTER', text: 'Mensaje automático del CRM' },
    ],
  },
  {
    name: 'po_notification',
    language: 'en',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'New purchase order' },
      body('Hello {{1}}, we are sending you purchase order {{2}} for a total of {{3}}. Thank you for your service.', [
        'Northern Flours',
        'PO-2026-0042',
        '€1,250.00',
      ]),
      { type: 'FOOTER', text: 'Automatic message from our CRM' },
    ],
  },
  {
    name: 'order_ready',
    language: 'es',
    category: 'UTILITY',
    components: [
      body('¡Hola {{1}}! Su pedido {{2}} ya está listo para recoger en la tienda.', ['Lucía', 'A-1043']),
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Voy ahora' },
          { type: 'QUICK_REPLY', text: 'Mañana' },
        ],
      },
    ],
  },
  {
    name: 'order_ready',
    language: 'en',
    category: 'UTILITY',
    components: [
      body('Hi {{1}}! Your order {{2}} is ready for pickup at the shop.', ['Lucy', 'A-1043']),
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'On my way' },
          { type: 'QUICK_REPLY', text: 'Tomorrow' },
        ],
      },
    ],
  },
  {
    name: 'delivery_reminder',
    language: 'es',
    category: 'UTILITY',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text: 'Hola {{customer_name}}, le recordamos la entrega prevista para el {{delivery_date}}.',
        example: {
          body_text_named_params: [
            { param_name: 'customer_name', example: 'Lucía' },
            { param_name: 'delivery_date', example: '12/10/2026' },
          ],
        },
      },
      {
        type: 'BUTTONS',
        buttons: [{ type: 'URL', text: 'Ver pedido', url: 'https://example.com/pedidos/{{1}}', example: ['A-1043'] }],
      },
    ],
  },
  {
    name: 'weekend_offer',
    language: 'es',
    category: 'MARKETING',
    components: [
      { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['4::aW1hZ2UvanBlZw==:sandbox'] } },
      body('¡Este fin de semana, {{1}} de descuento en toda la bollería! Le esperamos.', ['20 %']),
      { type: 'FOOTER', text: 'Responda BAJA para no recibir ofertas' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Baja' }] },
    ],
  },
  // Service jobs and invoices: the host app's automation scenarios (docs/automations.md).
  {
    name: 'job_scheduled',
    language: 'es',
    category: 'UTILITY',
    components: [
      body('Hola {{1}}, hemos programado su trabajo "{{2}}" para el {{3}}.', ['Lucía', 'Revisión del horno', '12 de octubre de 2026, 10:30']),
    ],
  },
  {
    name: 'job_scheduled',
    language: 'en',
    category: 'UTILITY',
    components: [body('Hi {{1}}, your job "{{2}}" is scheduled for {{3}}.', ['Lucy', 'Oven service', 'October 12, 2026 at 10:30 AM'])],
  },
  {
    name: 'technician_assigned',
    language: 'es',
    category: 'UTILITY',
    components: [body('Hola {{1}}, {{2}} será el técnico de su trabajo "{{3}}".', ['Lucía', 'Mikel', 'Revisión del horno'])],
  },
  {
    name: 'technician_assigned',
    language: 'en',
    category: 'UTILITY',
    components: [body('Hi {{1}}, {{2}} is the technician for your job "{{3}}".', ['Lucy', 'Mike', 'Oven service'])],
  },
  {
    name: 'job_completed',
    language: 'es',
    category: 'UTILITY',
    components: [body('Hola {{1}}, hemos terminado su trabajo "{{2}}". ¡Gracias por confiar en nosotros!', ['Lucía', 'Revisión del horno'])],
  },
  {
    name: 'job_completed',
    language: 'en',
    category: 'UTILITY',
    components: [body('Hi {{1}}, we have completed your job "{{2}}". Thank you for your trust!', ['Lucy', 'Oven service'])],
  },
  {
    name: 'invoice_created',
    language: 'es',
    category: 'UTILITY',
    components: [
      body('Hola {{1}}, le enviamos la factura {{2}} por un importe de {{3}}, con vencimiento el {{4}}.', [
        'Lucía',
        'F-2026-0107',
        '86,40 €',
        '30 de octubre de 2026',
      ]),
    ],
  },
  {
    name: 'invoice_created',
    language: 'en',
    category: 'UTILITY',
    components: [
      body('Hi {{1}}, here is invoice {{2}} for {{3}}, due on {{4}}.', ['Lucy', 'F-2026-0107', '€86.40', 'October 30, 2026']),
    ],
  },
  {
    name: 'hello_world',
    language: 'en_US',
    category: 'UTILITY',
    components: [
      { type: 'HEADER', format: 'TEXT', text: 'Hello World' },
      { type: 'BODY', text: 'Welcome and congratulations!! This message demonstrates your ability to send a WhatsApp message notification from the Cloud API, hosted by Meta. Thank you for taking the time to test with us.' },
      { type: 'FOOTER', text: 'WhatsApp Business Platform sample message' },
    ],
  },
];

/** Fresh copies each call, so one sandbox's changes never leak into another's seed. */
/**
 * A demo template's id, the same in every sandbox (16 digits from its name and language): two
 * Strapi instances in offline mode, or one before and after a restart, list the same ids.
 */
export function demoTemplateId(name: string, language: string): string {
  const hex = createHash('sha256').update(`${name}:${language}`).digest('hex');
  return `8${String(parseInt(hex.slice(0, 12), 16)).padStart(15, '0')}`;
}

export function createDemoSandboxOptions(): DemoSandboxOptions {
  return {
    wabaId: DEMO_WABA_ID,
    phoneNumbers: DEMO_NUMBERS.map((number) => ({ ...number })),
    templates: DEMO_TEMPLATES.map((template) => ({
      ...template,
      id: demoTemplateId(template.name, template.language),
      status: 'APPROVED',
      components: structuredClone(template.components),
    })),
  };
}
