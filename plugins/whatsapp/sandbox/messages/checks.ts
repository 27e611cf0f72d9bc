import { metaErrors } from '../errors';

/** Small assertion helpers so the per-type validators read like Meta's rules. */

export const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function requireObject(value: unknown, where: string): Record<string, any> {
  if (value === undefined || value === null) throw metaErrors.missingParameter(`The parameter ${where} is required.`);
  if (!isObject(value)) throw metaErrors.invalidParameter(`Param ${where} must be a JSON object.`);
  return value;
}

export function requireString(value: unknown, where: string, maxLength?: number): string {
  if (value === undefined || value === null || value === '') throw metaErrors.missingParameter(`The parameter ${where} is required.`);
  if (typeof value !== 'string') throw metaErrors.invalidParameter(`Param ${where} must be a string.`);
  if (maxLength !== undefined) maxLengthOf(value, where, maxLength);
  return value;
}

export function optionalString(value: unknown, where: string, maxLength?: number): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw metaErrors.invalidParameter(`Param ${where} must be a string.`);
  if (maxLength !== undefined) maxLengthOf(value, where, maxLength);
  return value;
}

/** Meta counts characters, not bytes; an emoji is one character to WhatsApp. */
export function maxLengthOf(value: string, where: string, maxLength: number): void {
  if ([...value].length > maxLength) {
    throw metaErrors.invalidParameter(`Param ${where} must be at most ${maxLength} characters long.`);
  }
}

export function requireArray(value: unknown, where: string, min: number, max: number): any[] {
  if (value === undefined || value === null) throw metaErrors.missingParameter(`The parameter ${where} is required.`);
  if (!Array.isArray(value)) throw metaErrors.invalidParameter(`Param ${where} must be an array.`);
  if (value.length < min || value.length > max) {
    throw metaErrors.invalidParameter(`Param ${where} must have between ${min} and ${max} elements.`);
  }
  return value;
}

export function requireNumberIn(value: unknown, where: string, min: number, max: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (value === undefined || value === null) throw metaErrors.missingParameter(`The parameter ${where} is required.`);
  if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max) {
    throw metaErrors.invalidParameter(`Param ${where} must be a number between ${min} and ${max}.`);
  }
  return number;
}

export function requireHttpUrl(value: unknown, where: string): string {
  const text = requireString(value, where);
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw metaErrors.invalidParameter(`Param ${where} must be a valid http(s) URL.`);
  }
  return text;
}
