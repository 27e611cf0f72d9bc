/**
 * Configuration: defaults, parsing of raw environment strings, and startup errors that name the
 * environment variable to fix. The last test boots Strapi with a malformed value.
 */
import { parseConfig } from '../plugins/whatsapp/server/src/core/config/schema';
import { startTestApp } from './helpers/strapi';

describe('plugin configuration', () => {
  it('has working defaults with nothing set', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      apiVersion: 'v25.0',
      graphApiUrl: 'https://graph.facebook.com',
      notificationsEnabled: true,
      offlineMode: 'auto',
      autoCreateCustomers: true,
      optOutKeywords: ['STOP', 'BAJA', 'UNSUBSCRIBE'],
    });
    expect(config.accessToken).toBeUndefined();
  });

  it('treats blank strings as unset', () => {
    const config = parseConfig({ accessToken: '', phoneNumberId: '  ', apiVersion: '' });
    expect(config.accessToken).toBeUndefined();
    expect(config.phoneNumberId).toBeUndefined();
    expect(config.apiVersion).toBe('v25.0');
  });

  it('parses booleans, numbers and lists from environment strings', () => {
    const config = parseConfig({
      notificationsEnabled: 'false',
      offlineMode: 'true',
      webhookRetentionDays: '7',
      optOutKeywords: 'stop, baja ,parar',
      graphApiUrl: 'http://127.0.0.1:4010/',
    });
    expect(config.notificationsEnabled).toBe(false);
    expect(config.offlineMode).toBe(true);
    expect(config.webhookRetentionDays).toBe(7);
    expect(config.optOutKeywords).toEqual(['STOP', 'BAJA', 'PARAR']);
    expect(config.graphApiUrl).toBe('http://127.0.0.1:4010');
  });

  it.each([
    [{ apiVersion: '25' }, 'WHATSAPP_API_VERSION'],
    [{ phoneNumberId: '+34 600' }, 'WHATSAPP_PHONE_NUMBER_ID'],
    [{ businessAccountId: 'abc' }, 'WHATSAPP_BUSINESS_ACCOUNT_ID'],
    [{ notificationsEnabled: 'maybe' }, 'ENABLE_WHATSAPP_NOTIFICATIONS'],
    [{ graphApiUrl: 'graph.facebook.com' }, 'WHATSAPP_GRAPH_API_URL'],
    [{ encryptionKey: 'short' }, 'WHATSAPP_ENCRYPTION_KEY'],
    [{ offlineMode: 'sometimes' }, 'WHATSAPP_OFFLINE_MODE'],
    [{ webhookRetentionDays: 'ten' }, 'WHATSAPP_WEBHOOK_RETENTION_DAYS'],
  ])('rejects %p naming %s', (raw, envName) => {
    expect(() => parseConfig(raw)).toThrow(envName);
  });

  it('never echoes a secret value in a validation error', () => {
    const secret = 'super-secret-token-value';
    try {
      parseConfig({ accessToken: secret, apiVersion: 'bad' });
      throw new Error('expected a validation error');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });

  it('stops Strapi at startup with a message naming the malformed variable', async () => {
    await expect(startTestApp({ env: { WHATSAPP_API_VERSION: 'latest' } })).rejects.toThrow(/WHATSAPP_API_VERSION/);
  });
});
