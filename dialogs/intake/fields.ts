/**
 * The fields an intake can collect before a handoff (DESIGN.md section 5): how each answer is
 * validated and normalised (zod), whether it is personal data (a consent notice comes first),
 * whether the citizen may skip it, how it is masked when echoed, and which hint a bad value gets.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { COLLECTABLE_FIELDS, type CollectableField } from '../../knowledge/faq-entry';
import {
  findIdentifiers,
  type IdentifierKind,
  isValidAwb,
  isValidCourierTrackingNumber,
  isValidDhlWaybill,
  isValidNppbkc,
  isValidPassportNumber,
  isValidS10,
  isValidUpsTrackingNumber,
  luhnCheck,
  maskIdentifier,
  normalizeNpwp,
  normalizeSubmissionNumber,
  parseNik,
  stripSeparators,
} from '../../knowledge/identifiers';

/**
 * What the intake asks: the topic's fields, plus `contact`, one question for follow-up that takes
 * a phone number or an e-mail address (its answer is stored as `phone` or `email`).
 */
export type IntakeField = CollectableField | 'contact';

/** Why a value was refused; each key has its own specific hint in the intake catalog. */
export const FIELD_HINTS = [
  'name.format',
  'phone.invalid',
  'phone.notIndonesian',
  'email.invalid',
  'contact.invalid',
  'contact.notIndonesian',
  'nik.length',
  'nik.region',
  'nik.birthDate',
  'npwp.length',
  'passport.format',
  'trackingNumber.format',
  'trackingNumber.s10CheckDigit',
  'airWaybill.format',
  'airWaybill.checkDigit',
  'imei.length',
  'imei.imeisv',
  'imei.checksum',
  'pibNumber.format',
  'pebNumber.format',
  'billingCode.length',
  'nppbkc.length',
  'flightDetails.format',
  'itemDescription.format',
  'documents.format',
  'text.tooLong',
] as const;
export type FieldHint = (typeof FIELD_HINTS)[number];

export interface FieldDefinition {
  /** Turns an answer into the stored value; a refusal carries one FieldHint as its issue message. */
  schema: z.ZodType<string, string>;
  /**
   * Personal data under UU 27/2022 (data that identifies a person, alone or combined): the consent
   * notice comes before the first one is asked or sent.
   */
  personal: boolean;
  /** Optional fields get a "skip" button; required ones are skipped only after a reminder. */
  optional: boolean;
  /** How the value appears in any message the bot sends (identity numbers never in full). */
  mask(value: string): string;
  /** The hint for an answer that is not a value at all ("lewati" on a required field, an empty answer). */
  hint: FieldHint;
}

/** Free-text answers longer than this are cut short by a hint: details go to the officer. */
export const MAX_TEXT_LENGTH = 500;

/**
 * A string schema: trims the answer, normalises it and refuses it with the first hint `check`
 * returns. One function per field keeps the order of the checks (length before checksum) explicit.
 */
function answerSchema(normalize: (value: string) => string, check: (value: string) => FieldHint | undefined): z.ZodType<string, string> {
  return z.string().transform((input, context) => {
    const value = normalize(input.normalize('NFKC').trim());
    const hint = check(value);
    if (hint) {
      context.issues.push({ code: 'custom', message: hint, input });
      return z.NEVER;
    }
    return value;
  });
}

const compactUpper = (value: string): string => value.replace(/\s/g, '').toUpperCase();
const collapseSpaces = (value: string): string => value.replace(/\s+/g, ' ');

function checkImei(digits: string): FieldHint | undefined {
  // A 16-digit IMEISV has no check digit and is refused for registration (customs-brief.md section 3).
  if (/^\d{16}$/.test(digits)) return 'imei.imeisv';
  if (!/^\d{15}$/.test(digits)) return 'imei.length';
  return luhnCheck(digits) ? undefined : 'imei.checksum';
}

function checkNik(digits: string): FieldHint | undefined {
  if (!/^\d{16}$/.test(digits)) return 'nik.length';
  if (parseNik(digits)) return undefined;
  // With a birth date that surely exists (01-01-00) in its place, a NIK that then parses had a bad
  // date; one that still fails has an unknown area code (or a 0000 serial, which no one is given).
  return parseNik(`${digits.slice(0, 6)}010100${digits.slice(12)}`) ? 'nik.birthDate' : 'nik.region';
}

/** S10 postal numbers must pass their check digit; other courier numbers only their shape. */
function checkTrackingNumber(value: string): FieldHint | undefined {
  if (/^[A-Z]{2}\d{9}[A-Z]{2}$/.test(value)) return isValidS10(value) ? undefined : 'trackingNumber.s10CheckDigit';
  return isValidCourierTrackingNumber(value) ? undefined : 'trackingNumber.format';
}

/** IATA air waybill (11 digits, mod 7), or the courier waybills citizens are asked for: DHL (10, mod 7), UPS (1Z…). */
function checkAirWaybill(value: string): FieldHint | undefined {
  if (/^\d{11}$/.test(value)) return isValidAwb(value) ? undefined : 'airWaybill.checkDigit';
  if (/^\d{10}$/.test(value)) return isValidDhlWaybill(value) ? undefined : 'airWaybill.checkDigit';
  return isValidUpsTrackingNumber(value) ? undefined : 'airWaybill.format';
}

/** An AWB is stored as digits (123-45678901 → 12345678901); a UPS number as typed, upper case. */
function normalizeAirWaybill(value: string): string {
  const digits = stripSeparators(value);
  return /^\d+$/.test(digits) ? digits : compactUpper(value);
}

/** Names: letters, spaces and the marks names carry (H. Abdul, Nur'aini, Siti-Aminah); no digits. */
function checkName(value: string): FieldHint | undefined {
  if (value.length < 2 || value.length > 100) return 'name.format';
  return /^[\p{L}\p{M}][\p{L}\p{M} .,'’-]*$/u.test(value) ? undefined : 'name.format';
}

/**
 * Indonesian phone numbers (08…, +62…, 62…, landlines with their area code) to E.164, with
 * libphonenumber's Indonesian metadata. Foreign numbers are refused: follow-up calls and
 * WhatsApp messages go out from Indonesian lines.
 */
function phoneSchema(invalid: FieldHint, foreign: FieldHint): z.ZodType<string, string> {
  return z.string().transform((input, context) => {
    const parsed = parsePhoneNumberFromString(input.normalize('NFKC').trim(), 'ID');
    if (parsed?.isValid() && parsed.countryCallingCode === '62') return parsed.number;
    context.issues.push({ code: 'custom', message: parsed?.isValid() ? foreign : invalid, input });
    return z.NEVER;
  });
}

function emailSchema(invalid: FieldHint): z.ZodType<string, string> {
  return z.string().trim().pipe(z.email({ error: invalid }));
}

/** Free text: collapsed spaces, at least 2 characters, at most MAX_TEXT_LENGTH. */
function freeTextSchema(tooShort: FieldHint): z.ZodType<string, string> {
  return answerSchema(collapseSpaces, (value) => (value.length < 2 ? tooShort : value.length > MAX_TEXT_LENGTH ? 'text.tooLong' : undefined));
}

/** The answer to the contact question: an e-mail when it has an @, otherwise a phone number. */
const contactSchema: z.ZodType<string, string> = z.string().transform((input, context) => {
  const schema = input.includes('@') ? emailSchema('contact.invalid') : phoneSchema('contact.invalid', 'contact.notIndonesian');
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  context.issues.push({ code: 'custom', message: result.error.issues[0].message, input });
  return z.NEVER;
});

/** Keeps `head` and `tail` characters and masks the rest with `•` (not `*`, which channels read as Markdown). */
export function maskMiddle(value: string, head: number, tail: number): string {
  const compact = value.replace(/\s/g, '');
  // A value too short to hide four characters keeps only its last third.
  if (compact.length - head - tail < 4) return maskIdentifier(compact, Math.floor(compact.length / 3));
  return compact.slice(0, head) + '•'.repeat(compact.length - head - tail) + compact.slice(compact.length - tail);
}

/** b•••@gmail.com: enough for the citizen to spot a wrong mailbox, not enough to read it. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 1) return maskIdentifier(value);
  return `${value[0]}•••${value.slice(at)}`;
}

const unmasked = (value: string): string => value;
const maskContact = (value: string): string => (value.includes('@') ? maskEmail(value) : maskMiddle(value, 6, 4));

/**
 * Personal data (UU 27/2022 art. 4: data that identifies a person alone or combined): name and
 * contacts; the identity numbers NIK, NPWP (an individual's NPWP is the NIK) and passport; the IMEI,
 * which CEIR registration ties to its owner's NIK or passport; NPPBKC, which contains the holder's
 * NPWP; and flight details, which say where a named traveller was. Shipment and document references
 * (tracking number, AWB, billing code, PIB/PEB numbers) identify a transaction that anyone holding
 * the receipt can look up; descriptions of goods and documents identify nobody.
 *
 * Optional: e-mail (most citizens follow up by WhatsApp), NPWP (individuals receiving a parcel
 * often have none; their NIK serves), and the free-text fields. Everything else the officer needs
 * to find the case, but a citizen who does not have it is never stuck: see IntakeDialog.
 */
export const FIELD_DEFINITIONS: Record<IntakeField, FieldDefinition> = {
  name: { schema: answerSchema(collapseSpaces, checkName), personal: true, optional: false, mask: unmasked, hint: 'name.format' },
  phone: { schema: phoneSchema('phone.invalid', 'phone.notIndonesian'), personal: true, optional: false, mask: (value) => maskMiddle(value, 6, 4), hint: 'phone.invalid' },
  email: { schema: emailSchema('email.invalid'), personal: true, optional: true, mask: maskEmail, hint: 'email.invalid' },
  contact: { schema: contactSchema, personal: true, optional: false, mask: maskContact, hint: 'contact.invalid' },
  nik: { schema: answerSchema(stripSeparators, checkNik), personal: true, optional: false, mask: (value) => maskMiddle(value, 4, 4), hint: 'nik.length' },
  npwp: {
    schema: answerSchema(stripSeparators, (value) => (normalizeNpwp(value) ? undefined : 'npwp.length')),
    personal: true,
    optional: true,
    mask: (value) => maskMiddle(value, 2, 3),
    hint: 'npwp.length',
  },
  passport: {
    schema: answerSchema(compactUpper, (value) => (isValidPassportNumber(value) ? undefined : 'passport.format')),
    personal: true,
    optional: false,
    mask: (value) => maskMiddle(value, 1, 2),
    hint: 'passport.format',
  },
  trackingNumber: { schema: answerSchema(compactUpper, checkTrackingNumber), personal: false, optional: false, mask: unmasked, hint: 'trackingNumber.format' },
  airWaybill: { schema: answerSchema(normalizeAirWaybill, checkAirWaybill), personal: false, optional: false, mask: unmasked, hint: 'airWaybill.format' },
  imei: { schema: answerSchema(stripSeparators, checkImei), personal: true, optional: false, mask: (value) => maskIdentifier(value), hint: 'imei.length' },
  pibNumber: {
    schema: answerSchema(stripSeparators, (value) => (normalizeSubmissionNumber(value) ? undefined : 'pibNumber.format')),
    personal: false,
    optional: false,
    mask: unmasked,
    hint: 'pibNumber.format',
  },
  pebNumber: {
    schema: answerSchema(stripSeparators, (value) => (normalizeSubmissionNumber(value) ? undefined : 'pebNumber.format')),
    personal: false,
    optional: false,
    mask: unmasked,
    hint: 'pebNumber.format',
  },
  billingCode: {
    schema: answerSchema(stripSeparators, (value) => (/^\d{15}$/.test(value) ? undefined : 'billingCode.length')),
    personal: false,
    optional: false,
    mask: unmasked,
    hint: 'billingCode.length',
  },
  nppbkc: {
    schema: answerSchema(stripSeparators, (value) => (isValidNppbkc(value) ? undefined : 'nppbkc.length')),
    personal: true,
    optional: false,
    mask: (value) => maskIdentifier(value),
    hint: 'nppbkc.length',
  },
  flightDetails: { schema: freeTextSchema('flightDetails.format'), personal: true, optional: true, mask: unmasked, hint: 'flightDetails.format' },
  itemDescription: { schema: freeTextSchema('itemDescription.format'), personal: false, optional: true, mask: unmasked, hint: 'itemDescription.format' },
  documents: { schema: freeTextSchema('documents.format'), personal: false, optional: true, mask: unmasked, hint: 'documents.format' },
};

/**
 * Fields that stand in for each other: a parcel is found by its courier tracking number or its air
 * waybill, and a citizen usually has only one. Once one has a value the others are not asked.
 */
export const ALTERNATIVE_FIELDS: ReadonlyArray<readonly IntakeField[]> = [['trackingNumber', 'airWaybill']];

export function alternativesOf(field: IntakeField): readonly IntakeField[] {
  return ALTERNATIVE_FIELDS.find((group) => group.includes(field)) ?? [field];
}

export type FieldParseResult = { ok: true; value: string } | { ok: false; hint: FieldHint };

/** Validates one value for a field with the field's schema. */
export function parseField(field: IntakeField, input: string): FieldParseResult {
  const result = FIELD_DEFINITIONS[field].schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, hint: result.error.issues[0].message as FieldHint };
}

/** Fields whose answer is an identifier the finder can pick out of a sentence. */
const IDENTIFIER_FIELDS = new Set<IntakeField>(['phone', 'email', 'contact', 'nik', 'npwp', 'passport', 'trackingNumber', 'airWaybill', 'imei', 'pibNumber', 'pebNumber', 'billingCode', 'nppbkc']);

/**
 * Validates an answer to a field's question. The value the finder picks out of it comes first, so
 * words around it ("IMEI saya 4901…", "resinya RR123… kak") do not become part of it; otherwise
 * the whole answer is parsed (a number the finder does not know, "JX 1234 5678 90"), and its
 * failure names the hint.
 */
export function parseFieldAnswer(field: IntakeField, answer: string): FieldParseResult {
  if (IDENTIFIER_FIELDS.has(field)) {
    const found = extractKnownFields(answer);
    const value = field === 'contact' ? (found.phone ?? found.email) : found[field];
    if (value) return { ok: true, value };
  }
  return parseField(field, answer);
}

/** Which field a kind of identifier found in a message fills. */
const FIELD_OF_KIND: Partial<Record<IdentifierKind, CollectableField>> = {
  email: 'email',
  phone: 'phone',
  s10: 'trackingNumber',
  tracking_number: 'trackingNumber',
  awb: 'airWaybill',
  imei: 'imei',
  nik: 'nik',
  npwp: 'npwp',
  billing_code: 'billingCode',
  nppbkc: 'nppbkc',
  passport: 'passport',
};

/** A submission number is a PEB's when the message talks about export, else a PIB's. */
function submissionField(text: string): CollectableField {
  return /\b(peb|ekspor|export)\b/i.test(text) ? 'pebNumber' : 'pibNumber';
}

/**
 * The values a message already holds ("IMEI saya 490154203237518 diblokir"), validated by the same
 * schemas as the intake's answers, normalised, and keyed by field. The first valid value of each
 * field wins; a value the schema refuses (an S10 number with a wrong check digit) is left out, so
 * the intake asks for it and gives its hint.
 */
export function extractKnownFields(text: string): Partial<Record<CollectableField, string>> {
  const known: Partial<Record<CollectableField, string>> = {};
  for (const match of findIdentifiers(text)) {
    const field = match.kind === 'submission_number' ? submissionField(text) : FIELD_OF_KIND[match.kind];
    if (!field || known[field] !== undefined) continue;
    const parsed = parseField(field, match.value);
    if (parsed.ok) known[field] = parsed.value;
  }
  return known;
}

/** True when `value` is one of the COLLECTABLE_FIELDS (input from outside is checked before use). */
export function isCollectableField(value: string): value is CollectableField {
  return (COLLECTABLE_FIELDS as readonly string[]).includes(value);
}
