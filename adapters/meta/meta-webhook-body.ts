import { z } from 'zod';

/*
 * The webhook body Messenger and Instagram send (shared/domain/channels.md sections 3.2 and 4):
 * `{object, entry:[{id, time, messaging:[…]}]}`, with Instagram's `entry[].changes[{field:"messages",
 * value}]` variant. Only what the platform modules read is checked; everything else passes through
 * (`looseObject`), so a new field Meta adds never turns a webhook into a 400, which would count
 * towards Meta disabling the webhook (section 3.1).
 */

/** Meta sends ids as strings; numbers are accepted too and kept as strings. */
const platformId = z.union([z.string().min(1), z.number().int()]).transform(String);

const participant = z.looseObject({ id: platformId });

export const metaAttachmentSchema = z.looseObject({
  /** image | audio | video | file | location | fallback | template | share | story_mention | reel | ig_reel … */
  type: z.string(),
  title: z.string().optional(),
  payload: z
    .looseObject({
      url: z.string().optional(),
      sticker_id: z.union([z.string(), z.number()]).optional(),
      coordinates: z.looseObject({ lat: z.number(), long: z.number() }).optional(),
    })
    .nullish(),
});

export const metaMessageSchema = z.looseObject({
  mid: z.string().min(1),
  text: z.string().optional(),
  is_echo: z.boolean().optional(),
  is_deleted: z.boolean().optional(),
  is_unsupported: z.boolean().optional(),
  quick_reply: z.looseObject({ payload: z.string() }).optional(),
  sticker_id: z.union([z.string(), z.number()]).optional(),
  attachments: z.array(metaAttachmentSchema).optional(),
});

/** One item of `entry[].messaging` (or the `value` of an Instagram `changes` item). */
export const metaMessagingItemSchema = z.looseObject({
  sender: participant,
  recipient: participant.optional(),
  timestamp: z.number().optional(),
  message: metaMessageSchema.optional(),
  postback: z.looseObject({ title: z.string().optional(), payload: z.string().optional(), mid: z.string().optional() }).optional(),
  /** Messenger only (message_deliveries). */
  delivery: z.looseObject({ mids: z.array(z.string()).optional(), watermark: z.number() }).optional(),
  /** Messenger message_reads: `{watermark}`; Instagram messaging_seen: `{mid}`. */
  read: z.looseObject({ watermark: z.number().optional(), mid: z.string().optional() }).optional(),
  /** Messenger only (message_edits). The count is `num_edit` in some copies of the docs, `num_edits` in others. */
  message_edit: z.looseObject({ mid: z.string().min(1), text: z.string().optional(), num_edit: z.number().optional(), num_edits: z.number().optional() }).optional(),
});

export type MetaMessagingItem = z.infer<typeof metaMessagingItemSchema>;
export type MetaMessage = z.infer<typeof metaMessageSchema>;
export type MetaAttachment = z.infer<typeof metaAttachmentSchema>;

export const metaWebhookBodySchema = z.object({
  object: z.string(),
  entry: z.array(
    z.looseObject({
      id: platformId,
      time: z.number().optional(),
      messaging: z.array(metaMessagingItemSchema).optional(),
      changes: z.array(z.looseObject({ field: z.string(), value: z.unknown() })).optional(),
    }),
  ),
});

/** What one persisted InboundEvent holds: the account that received it and the messaging item. */
export const storedMetaEventSchema = z.object({
  /** The Page id (Messenger) or Instagram professional account id (`entry[].id`). */
  accountId: z.string(),
  /** `entry[].time`, the fallback when the item has no timestamp. */
  entryTime: z.number().optional(),
  item: metaMessagingItemSchema,
});

export type StoredMetaEvent = z.infer<typeof storedMetaEventSchema>;
