import { findIdentifiers, maskIdentifier } from '../knowledge/identifiers';
import { IDENTITY_FIELDS } from './desk-service';

/**
 * Masks the identity numbers (NIK, NPWP, passport, IMEI, phone, e-mail…) a person typed into free
 * text, as collected data is masked: for transcripts, notes and dead letters shown on the desk.
 */
export function maskIdentityNumbers(text: string): string {
  let masked = '';
  let cursor = 0;
  for (const match of findIdentifiers(text)) {
    if (!IDENTITY_FIELDS.has(match.kind)) continue;
    masked += text.slice(cursor, match.start) + maskIdentifier(match.value);
    cursor = match.end;
  }
  return masked + text.slice(cursor);
}
