/**
 * Meta sometimes echoes a bad token back ("Malformed access token EAAG…"). Anything we copy from a
 * response into an error passes through here first.
 */
const META_TOKEN = /\bEAA[A-Za-z0-9]{16,}\b/g;

export function redactSecrets(text: string | undefined, secrets: string[]): string | undefined {
  if (text === undefined) return undefined;
  let safe = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) safe = safe.split(secret).join('[redacted]');
  }
  return safe.replace(META_TOKEN, '[redacted]');
}
