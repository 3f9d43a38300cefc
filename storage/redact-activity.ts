/** Top-level activity fields that say where and when, never what or who by name. */
const KEPT_FIELDS = ['id', 'type', 'timestamp', 'channelId', 'serviceUrl', 'replyToId'] as const;

/**
 * A logged Bot Framework activity reduced to what a Direct Line client needs to replay the
 * conversation without anyone's personal data: the kept fields above, an event's `name` (a program
 * constant), conversation.id, and the id and role of `from` and `recipient`. Everything else goes:
 * text, speak, attachments, value, channelData, entities, suggested actions, members and display
 * names. A message's text becomes `replacementText`, so the history shows that something was
 * erased. A whitelist rather than a list of fields to drop: a field added to activities later
 * cannot slip through. Applying it twice gives the same result. Used by both backends.
 */
export function redactActivity(activity: Record<string, unknown>, replacementText: string): Record<string, unknown> {
  const redacted: Record<string, unknown> = {};
  for (const field of KEPT_FIELDS) {
    if (activity[field] !== undefined) redacted[field] = activity[field];
  }
  if (activity.type === 'event' && typeof activity.name === 'string') redacted.name = activity.name;
  const conversationId = idOf(activity.conversation);
  if (conversationId !== undefined) redacted.conversation = { id: conversationId };
  for (const party of ['from', 'recipient'] as const) {
    const account = accountWithoutName(activity[party]);
    if (account) redacted[party] = account;
  }
  if (activity.type === 'message') redacted.text = replacementText;
  return redacted;
}

function idOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const id = (value as { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** A ChannelAccount's id and role: the channel's opaque handle, not the name the person gave. */
function accountWithoutName(value: unknown): Record<string, unknown> | undefined {
  const id = idOf(value);
  if (id === undefined) return undefined;
  const role = (value as { role?: unknown }).role;
  return typeof role === 'string' ? { id, role } : { id };
}
