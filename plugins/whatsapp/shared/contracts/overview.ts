/**
 * GET /whatsapp/overview (admin): what the plugin talks to and how much it holds.
 * Used by the server controller and the admin overview page.
 */
export namespace GetOverview {
  export type Mode = 'live' | 'offline' | 'unconfigured';

  export interface Counts {
    phoneNumbers: number;
    tenants: number;
    /** Tenants with whatsappEnabled. */
    tenantsEnabled: number;
    customers: number;
    messages: number;
    /** Messages whose status is `failed`. */
    failedMessages: number;
    /** Webhook events stored but not processed yet (status pending or processing). */
    pendingWebhookEvents: number;
  }

  export interface Response {
    data: {
      mode: Mode;
      apiVersion: string;
      notificationsEnabled: boolean;
      /** The shared account from the environment (never its secrets). */
      masterAccount: {
        name: string;
        wabaId: string;
        connectionStatus: string | null;
        lastSyncedAt: string | null;
      } | null;
      defaultNumber: {
        phoneNumberId: string;
        displayPhoneNumber: string | null;
        verifiedName: string | null;
        qualityRating: string | null;
      } | null;
      counts: Counts;
    };
  }
}
