import { z } from 'zod';
import type { InboundEvent, ParsedWebhook } from '../channel/channel-platform';

/**
 * The WhatsApp Cloud API `messages` webhook, validated at the edge.
 * Shapes: https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages
 * (text, interactive, button, image, document, location, unsupported, status). Objects keep fields we
 * do not read (`loose`), because Meta adds fields without notice; what we read is checked.
 */

export const WHATSAPP_CHANNEL_ID = 'whatsapp';

/** Our conversation id of a chat with a WhatsApp user: `whatsapp:<wa_id>`. */
export function whatsappConversationId(waId: string): string {
  return `${WHATSAPP_CHANNEL_ID}:${waId}`;
}

const id = z.string().min(1).max(512);
// Meta sends Unix seconds as a string; a number is accepted too, and kept as a string.
const unixSeconds = z
  .union([z.string().regex(/^\d{1,12}$/, { message: 'expected Unix seconds' }), z.number().int().nonnegative()])
  .transform((value) => String(value));

const platformError = z
  .object({
    code: z.number().int(),
    title: z.string().optional(),
    message: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
    href: z.string().optional(),
  })
  .loose();

const media = z
  .object({ id, mime_type: z.string().optional(), sha256: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() })
  .loose();

/** The per-type objects we read; any other type is kept as it came and answered as unsupported. */
const messageParts = {
  text: z.object({ body: z.string() }).loose(),
  interactive: z
    .object({
      type: z.string().min(1),
      button_reply: z.object({ id: z.string(), title: z.string() }).loose().optional(),
      list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).loose().optional(),
    })
    .loose()
    .superRefine((interactive, context) => {
      if (interactive.type === 'button_reply' && !interactive.button_reply) {
        context.addIssue({ code: 'custom', path: ['button_reply'], message: 'a button_reply needs its button_reply object' });
      }
      if (interactive.type === 'list_reply' && !interactive.list_reply) {
        context.addIssue({ code: 'custom', path: ['list_reply'], message: 'a list_reply needs its list_reply object' });
      }
    }),
  button: z
    .object({ payload: z.string().optional(), text: z.string().optional() })
    .loose()
    .refine((button) => button.payload !== undefined || button.text !== undefined, { message: 'a button needs payload or text' }),
  image: media,
  document: media,
  location: z
    .object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional(), url: z.string().optional() })
    .loose(),
  unsupported: z.object({ type: z.string().optional() }).loose(),
} as const;

type KnownPart = keyof typeof messageParts;

export const whatsappMessageSchema = z
  .object({
    from: id,
    id,
    timestamp: unixSeconds,
    type: z.string().min(1),
    context: z.object({ from: z.string().optional(), id: z.string().optional() }).loose().optional(),
    text: messageParts.text.optional(),
    interactive: messageParts.interactive.optional(),
    button: messageParts.button.optional(),
    image: messageParts.image.optional(),
    document: messageParts.document.optional(),
    location: messageParts.location.optional(),
    unsupported: messageParts.unsupported.optional(),
    errors: z.array(platformError).optional(),
  })
  .loose()
  .superRefine((message, context) => {
    const type = message.type as KnownPart;
    if (type in messageParts && type !== 'unsupported' && message[type] === undefined) {
      context.addIssue({ code: 'custom', path: [type], message: `a ${type} message needs its "${type}" object` });
    }
  });

export const whatsappStatusSchema = z
  .object({
    id,
    status: z.string().min(1),
    timestamp: unixSeconds,
    recipient_id: id,
    errors: z.array(platformError).optional(),
  })
  .loose();

const messagesValue = z
  .object({
    messaging_product: z.literal('whatsapp', { message: 'messaging_product must be "whatsapp"' }),
    metadata: z.object({ display_phone_number: z.string().optional(), phone_number_id: id }).loose(),
    contacts: z.array(z.object({ wa_id: id.optional(), profile: z.object({ name: z.string().optional() }).loose().optional() }).loose()).optional(),
    messages: z.array(whatsappMessageSchema).optional(),
    statuses: z.array(whatsappStatusSchema).optional(),
    errors: z.array(platformError).optional(),
  })
  .loose();

const envelope = z
  .object({
    object: z.literal('whatsapp_business_account', { message: 'object must be "whatsapp_business_account"' }),
    entry: z.array(
      z
        .object({
          id: z.string(),
          changes: z.array(z.object({ field: z.string().min(1), value: z.unknown() }).loose()),
        })
        .loose(),
    ),
  })
  .loose();

export type WhatsAppMessage = z.infer<typeof whatsappMessageSchema>;
export type WhatsAppStatus = z.infer<typeof whatsappStatusSchema>;
export type WhatsAppPlatformError = z.infer<typeof platformError>;

/** What is persisted per inbound event (InboundEvent.payload) and read back by interpret(). */
export const storedWhatsAppEventSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('message'),
    phoneNumberId: z.string(),
    contactName: z.string().optional(),
    message: whatsappMessageSchema,
  }),
  z.object({ kind: z.literal('status'), phoneNumberId: z.string(), status: whatsappStatusSchema }),
]);

export type StoredWhatsAppEvent = z.infer<typeof storedWhatsAppEventSchema>;

/** What parsing left out, so the caller can log it (never an error: Meta sends more than we use). */
export interface SkippedChange {
  field: string;
  reason: string;
}

/**
 * Splits a verified webhook body into events: one per message (de-duplication key: its wamid) and
 * one per status (`<wamid>:<status>`, since each state of a message is its own event). Changes of
 * other fields, and messages to another phone number of the same business account (Meta sends
 * every subscribed app the whole account's traffic), are skipped.
 */
export function parseWhatsAppWebhook(body: unknown, phoneNumberId: string, skipped: SkippedChange[] = []): ParsedWebhook {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) return { kind: 'malformed', message: describeIssues(parsed.error, []) };
  const events: InboundEvent[] = [];
  for (const [entryIndex, entry] of parsed.data.entry.entries()) {
    for (const [changeIndex, change] of entry.changes.entries()) {
      if (change.field !== 'messages') {
        skipped.push({ field: change.field, reason: 'not a messages change' });
        continue;
      }
      const value = messagesValue.safeParse(change.value);
      if (!value.success) return { kind: 'malformed', message: describeIssues(value.error, ['entry', entryIndex, 'changes', changeIndex, 'value']) };
      const { metadata, contacts = [], messages = [], statuses = [], errors = [] } = value.data;
      if (metadata.phone_number_id !== phoneNumberId) {
        skipped.push({ field: change.field, reason: `for phone number id ${metadata.phone_number_id}, not ours` });
        continue;
      }
      for (const error of errors) skipped.push({ field: change.field, reason: `webhook error ${error.code} ${error.title ?? ''}`.trim() });
      for (const message of messages) {
        // `from` is the sender's WhatsApp id (wa_id); the contact carries the profile name.
        const contact = contacts.find((candidate) => candidate.wa_id === message.from) ?? (contacts.length === 1 ? contacts[0] : undefined);
        const payload: StoredWhatsAppEvent = { kind: 'message', phoneNumberId, contactName: contact?.profile?.name, message };
        events.push({ eventId: message.id, conversationId: whatsappConversationId(message.from), payload: toJsonRecord(payload) });
      }
      for (const status of statuses) {
        const payload: StoredWhatsAppEvent = { kind: 'status', phoneNumberId, status };
        events.push({ eventId: `${status.id}:${status.status}`, conversationId: whatsappConversationId(status.recipient_id), payload: toJsonRecord(payload) });
      }
    }
  }
  return { kind: 'events', events };
}

/** "entry.0.changes.0.value.messages.0.id: expected string, received undefined" (at most three issues). */
function describeIssues(error: z.ZodError, prefix: Array<string | number>): string {
  const issues = error.issues.slice(0, 3).map((issue) => {
    const path = [...prefix, ...issue.path.map((segment) => String(segment))].join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : '';
  return `Not a WhatsApp webhook body: ${issues.join('; ')}${more}.`;
}

function toJsonRecord(value: StoredWhatsAppEvent): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}
