/**
 * Fields of ticket event data that hold free text a person wrote (a citizen's message, the bot's
 * answer, an officer's reply, note or escalation note, a channel's error message, which may name
 * the recipient): any of them may quote personal data. The other fields are structure (hop,
 * status, due times, officer ids, flags) and stay, so the desk's history keeps its shape.
 */
export const FREE_TEXT_EVENT_FIELDS: readonly string[] = ['text', 'note', 'error'];

/** Fields that point at what the citizen sent (photos, documents, locations): removed on erasure. */
export const PERSONAL_REFERENCE_FIELDS: readonly string[] = ['attachments'];

/**
 * A ticket event's data with every free-text field present replaced by `replacementText`. Fields
 * that are absent are not added, and applying it twice gives the same result. Used by both backends
 * so they redact alike.
 */
export function redactEventData(data: Record<string, unknown>, replacementText: string): Record<string, unknown> {
  const redacted: Record<string, unknown> = { ...data };
  for (const field of FREE_TEXT_EVENT_FIELDS) {
    if (Object.hasOwn(redacted, field)) redacted[field] = replacementText;
  }
  for (const field of PERSONAL_REFERENCE_FIELDS) delete redacted[field];
  return redacted;
}
