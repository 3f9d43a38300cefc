import { z } from 'zod';

/**
 * The FAQ knowledge-base model (DESIGN.md section 4). Seed files (knowledge/seed/*.json) hold
 * arrays of `SeedEntry`; the store adds id, status, version history and author.
 */

/** Fields an intake dialog can collect before a handoff (formats in customs-brief.md section 3). */
export const COLLECTABLE_FIELDS = [
  'name',
  'phone',
  'email',
  'nik',
  'npwp',
  'passport',
  'trackingNumber',
  'airWaybill',
  'imei',
  'pibNumber',
  'pebNumber',
  'billingCode',
  'nppbkc',
  'flightDetails',
  'itemDescription',
  'documents',
] as const;
export type CollectableField = (typeof COLLECTABLE_FIELDS)[number];

/** Units that own entries and receive their handoffs. Editors may add more in configuration later. */
export const UNITS = [
  'layanan-informasi',
  'pelayanan-penumpang',
  'pelayanan-kiriman',
  'pelayanan-hkt',
  'perbendaharaan',
  'keberatan-banding',
  'cukai',
  'impor-ekspor',
  'fasilitas',
  'penindakan',
  'kepatuhan-internal',
] as const;

const topicKey = z.string().regex(/^[a-z]+(\.[a-z0-9_]+)+$/, { message: 'expected a topic key like passenger.allowance' });
const bilingualText = (max: number) =>
  z.object({ id: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();
const phraseList = z.array(z.string().trim().min(2).max(200));

export const seedEntrySchema = z
  .object({
    /** Stable topic key; the keys of customs-brief.md section 1 are the contract. */
    topic: topicKey,
    /** `general` answers a question; `case` is a citizen's own case that an officer must settle. */
    kind: z.enum(['general', 'case']),
    /** True for case entries: answer briefly, then intake and hand off. */
    handoff: z.boolean(),
    question: bilingualText(200),
    /** Short enough for a chat bubble, with the official link where one exists. */
    answer: bilingualText(900),
    /** Paraphrases a citizen would type: formal, informal, slang (at least 4 Indonesian and 2 English). */
    variants: z.object({ id: phraseList.min(4), en: phraseList.min(2) }).strict(),
    keywords: z.object({ id: z.array(z.string().trim().min(2).max(60)).min(1), en: z.array(z.string().trim().min(2).max(60)).min(1) }).strict(),
    legalBasis: z
      .array(z.object({ regulation: z.string().min(2).max(120), effectiveDate: z.iso.date().optional() }).strict())
      .min(1),
    sourceUrl: z.url(),
    reviewBy: z.iso.date(),
    unit: z.enum(UNITS),
    /** What the brief marks ⚠: each item says which fact is unconfirmed, so editors review it first. */
    unconfirmed: z.array(z.string().min(5).max(300)),
    /** Fields to collect before handoff (case entries). */
    collect: z.array(z.enum(COLLECTABLE_FIELDS)),
  })
  .strict()
  .refine((entry) => entry.handoff === (entry.kind === 'case'), { message: 'handoff must be true exactly for case entries', path: ['handoff'] })
  .refine((entry) => entry.variants.id.length + entry.variants.en.length >= 6, { message: 'at least 6 variants in all', path: ['variants'] });

export type SeedEntry = z.infer<typeof seedEntrySchema>;
export const seedFileSchema = z.array(seedEntrySchema);
