import type { MediaInfo, PhoneNumberRecord, TemplateRecord } from './types';

/** Graph API records (snake_case, optional everywhere) → the client's camelCase records. */

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined);

export function toPhoneNumberRecord(raw: Record<string, any>): PhoneNumberRecord {
  return {
    id: str(raw.id) ?? '',
    displayPhoneNumber: str(raw.display_phone_number) ?? '',
    verifiedName: str(raw.verified_name),
    qualityRating: str(raw.quality_rating),
    codeVerificationStatus: str(raw.code_verification_status),
    nameStatus: str(raw.name_status),
    status: str(raw.status),
    platformType: str(raw.platform_type),
    throughputLevel: str(raw.throughput?.level),
    // The older `messaging_limit_tier` is deprecated but still served by some accounts.
    messagingLimitTier: str(raw.whatsapp_business_manager_messaging_limit) ?? str(raw.messaging_limit_tier),
  };
}

export function toTemplateRecord(raw: Record<string, any>): TemplateRecord {
  return {
    id: str(raw.id) ?? '',
    name: str(raw.name) ?? '',
    language: str(raw.language) ?? '',
    status: str(raw.status) ?? 'UNKNOWN',
    category: str(raw.category) ?? '',
    parameterFormat: str(raw.parameter_format) ?? 'POSITIONAL',
    components: Array.isArray(raw.components) ? raw.components : [],
    rejectedReason: str(raw.rejected_reason),
  };
}

export function toMediaInfo(raw: Record<string, any>): MediaInfo {
  const size = Number(raw.file_size); // Meta has sent it both as a number and as a string
  return {
    id: str(raw.id) ?? '',
    url: str(raw.url) ?? '',
    mimeType: str(raw.mime_type) ?? 'application/octet-stream',
    sha256: str(raw.sha256),
    fileSize: Number.isFinite(size) ? size : undefined,
  };
}
