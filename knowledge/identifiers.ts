/**
 * Identifier formats of customs-brief.md section 3: validators the intake dialogs reuse, and a
 * finder the normaliser uses to replace identifiers in a message by placeholder tokens (an
 * identifier is a strong sign of the citizen's own case, and must never reach a log).
 */

export type IdentifierKind =
  | 's10'
  | 'tracking_number'
  | 'awb'
  | 'imei'
  | 'nik'
  | 'npwp'
  | 'billing_code'
  | 'submission_number'
  | 'nppbkc'
  | 'passport'
  | 'phone'
  | 'email';

/** An identifier found in a message. `value` is personal data: keep it out of logs. */
export interface IdentifierMatch {
  kind: IdentifierKind;
  /** The text as typed. */
  value: string;
  /** Offsets in the string that was searched (after Unicode NFKC). */
  start: number;
  end: number;
  /** The token that replaces it in the normalised message, e.g. `__imei__`. */
  placeholder: string;
}

export function identifierPlaceholder(kind: IdentifierKind): string {
  return `__${kind}__`;
}

/** Strips spaces, dots, dashes and slashes, the separators people type inside numbers. */
export function stripSeparators(value: string): string {
  return value.replace(/[\s.\-/]/g, '');
}

/** Luhn (mod 10) check over a digit string, check digit last. */
export function luhnCheck(digits: string): boolean {
  if (!/^\d{2,}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

/** The UPU S10 check digit of an 8-digit serial: 11 − (Σ weight·digit mod 11); 10 → 0, 11 → 5. */
export function s10CheckDigit(serial: string): number {
  if (!/^\d{8}$/.test(serial)) throw new Error('s10CheckDigit(): expected an 8-digit serial.');
  const sum = S10_WEIGHTS.reduce((total, weight, index) => total + weight * Number(serial[index]), 0);
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

/** UPU S10 postal item id, e.g. RR123456785ID: 2 letters, 8-digit serial, check digit, 2-letter country. */
export function isValidS10(value: string): boolean {
  const compact = value.replace(/\s/g, '').toUpperCase();
  const match = /^([A-Z]{2})(\d{8})(\d)([A-Z]{2})$/.exec(compact);
  if (!match) return false;
  return s10CheckDigit(match[2]) === Number(match[3]);
}

/** IMEI: exactly 15 digits with a valid Luhn check digit (a 16-digit IMEISV is refused). */
export function isValidImei(value: string): boolean {
  const digits = stripSeparators(value);
  return /^\d{15}$/.test(digits) && luhnCheck(digits);
}

/** IATA air waybill: 3-digit airline prefix + 8-digit serial whose last digit = first 7 digits mod 7. */
export function isValidAwb(value: string): boolean {
  const digits = stripSeparators(value);
  if (!/^\d{11}$/.test(digits)) return false;
  const serial = digits.slice(3);
  return Number(serial.slice(0, 7)) % 7 === Number(serial[7]);
}

/** DHL Express waybill: 10 digits, last digit = first 9 digits mod 7. */
export function isValidDhlWaybill(value: string): boolean {
  const digits = stripSeparators(value);
  if (!/^\d{10}$/.test(digits)) return false;
  return Number(digits.slice(0, 9)) % 7 === Number(digits[9]);
}

/** UPS tracking number: `1Z` followed by 16 letters and digits. */
export function isValidUpsTrackingNumber(value: string): boolean {
  return /^1Z[A-Z0-9]{16}$/.test(value.replace(/\s/g, '').toUpperCase());
}

/**
 * Any courier or marketplace tracking number (many are not S10): 8-35 letters, digits and dashes
 * with at least 6 digits. The tracking site decides whether it exists.
 */
export function isValidCourierTrackingNumber(value: string): boolean {
  const compact = value.replace(/\s/g, '').toUpperCase();
  return /^[A-Z0-9-]{8,35}$/.test(compact) && (compact.match(/\d/g)?.length ?? 0) >= 6;
}

/** Province codes in use (customs-brief.md section 3; 93–96 are the new Papua provinces). */
const NIK_PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94,
  95, 96,
]);

export interface NikParts {
  provinceCode: string;
  regencyCode: string;
  districtCode: string;
  birthDay: number;
  birthMonth: number;
  /** The two-digit year: the century is ambiguous. */
  birthYear2: number;
  female: boolean;
  serial: string;
}

function dateExists(day: number, month: number, year: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Splits a NIK (`PP KK CC DDMMYY NNNN`) into its parts, or null when it is not a valid NIK. */
export function parseNik(value: string): NikParts | null {
  const digits = stripSeparators(value);
  if (!/^\d{16}$/.test(digits)) return null;
  const province = Number(digits.slice(0, 2));
  if (!NIK_PROVINCE_CODES.has(province)) return null;
  if (digits.slice(2, 4) === '00' || digits.slice(4, 6) === '00' || digits.slice(12) === '0000') return null;
  let day = Number(digits.slice(6, 8));
  const month = Number(digits.slice(8, 10));
  const year2 = Number(digits.slice(10, 12));
  const female = day > 40;
  if (female) day -= 40;
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  // The century is not in the number: accept a date that exists in either.
  if (!dateExists(day, month, 1900 + year2) && !dateExists(day, month, 2000 + year2)) return null;
  return {
    provinceCode: digits.slice(0, 2),
    regencyCode: digits.slice(2, 4),
    districtCode: digits.slice(4, 6),
    birthDay: day,
    birthMonth: month,
    birthYear2: year2,
    female,
    serial: digits.slice(12),
  };
}

/** NIK: 16 digits with a known province code and an existing birth date (women: day + 40). */
export function isValidNik(value: string): boolean {
  return parseNik(value) !== null;
}

/**
 * NPWP: 15 digits (legacy, printed 99.999.999.9-999.999) or 16 digits (since PMK 112/2022: NIK or
 * "0" + legacy). Returns the digits, or null. The legacy check digit's algorithm is unconfirmed, so
 * it is not checked.
 */
export function normalizeNpwp(value: string): string | null {
  const digits = stripSeparators(value);
  return /^\d{15,16}$/.test(digits) ? digits : null;
}

export function isValidNpwp(value: string): boolean {
  return normalizeNpwp(value) !== null;
}

/** Billing code (kode billing MPN-G2): 15 digits; the first digit names the issuer. */
export function isValidBillingCode(value: string): boolean {
  return /^\d{15}$/.test(stripSeparators(value));
}

/** 0–3 DJP (tax), 4–6 DJBC (customs), 7–9 DJA (budget). */
export function billingCodeIssuer(value: string): 'DJP' | 'DJBC' | 'DJA' | null {
  if (!isValidBillingCode(value)) return null;
  const first = Number(stripSeparators(value)[0]);
  if (first <= 3) return 'DJP';
  if (first <= 6) return 'DJBC';
  return 'DJA';
}

/** NPPBKC (excise licence) since PMK 68/2023: 22 digits (16-digit NPWP + 6-digit NILKU). */
export function isValidNppbkc(value: string): boolean {
  return /^\d{22}$/.test(stripSeparators(value));
}

/**
 * PIB/PEB submission (nomor aju, reported as 26 digits, unconfirmed) or registration number
 * (nopen, usually 6 digits): asked for as digits only, so accept 6 to 26 digits.
 */
export function normalizeSubmissionNumber(value: string): string | null {
  const digits = stripSeparators(value);
  return /^\d{6,26}$/.test(digits) ? digits : null;
}

/** Passport number: 6-9 letters and digits (the Indonesian format is unconfirmed: never hard-reject more). */
export function isValidPassportNumber(value: string): boolean {
  return /^[A-Z0-9]{6,9}$/.test(value.replace(/\s/g, '').toUpperCase());
}

export function isValidEmail(value: string): boolean {
  return value.length <= 254 && /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/.test(value.trim());
}

/**
 * An Indonesian phone number in E.164 (`+628123456789`), or null. Accepts 08…, 628…, +62 8…, and
 * landlines with their area code ((021) 4890966). Mobile numbers have 9-12 digits after the country
 * code and start with 8; landlines 8-11 digits starting with the area code.
 */
export function normalizeIndonesianPhone(value: string): string | null {
  const compact = value.trim().replace(/[\s.\-()/]/g, '');
  let national: string;
  if (/^\+62\d+$/.test(compact)) national = compact.slice(3);
  else if (/^0062\d+$/.test(compact)) national = compact.slice(4);
  else if (/^62\d+$/.test(compact)) national = compact.slice(2);
  else if (/^0\d+$/.test(compact)) national = compact.slice(1);
  else return null;
  if (national.startsWith('0')) return null;
  if (national.startsWith('8')) return /^8\d{8,11}$/.test(national) ? `+62${national}` : null;
  return /^[2-79]\d{7,10}$/.test(national) ? `+62${national}` : null;
}

export function isValidIndonesianPhone(value: string): boolean {
  return normalizeIndonesianPhone(value) !== null;
}

/** Shows only the last `visible` characters: identity numbers are never echoed in full. */
export function maskIdentifier(value: string, visible = 4): string {
  const compact = value.replace(/\s/g, '');
  if (compact.length <= visible) return '•'.repeat(compact.length);
  return '•'.repeat(compact.length - visible) + compact.slice(-visible);
}

// ---------------------------------------------------------------------------------------------
// Finding identifiers in free text

/** Official service numbers that are not a citizen's identifier (Bravo Bea Cukai, fax). */
const OFFICIAL_NUMBERS = new Set(['1500225', '0214890966', '214890966']);

type ContextHint = 'imei' | 'tracking' | 'billing' | 'npwp' | 'nik' | 'phone' | 'passport' | 'submission' | 'nppbkc';

const CONTEXT_PATTERNS: Array<[ContextHint, RegExp]> = [
  ['imei', /\bimei\b/i],
  ['tracking', /\b(resi|awb|waybill|tracking|track|lacak|no\.?\s*kiriman|nomor\s+kiriman|airway|consignment\s+note|paket|parcel|kiriman)\b/i],
  ['billing', /\b(billing|biling|kode\s*bayar|kode\s*pembayaran|ntpn|mpn)\b/i],
  ['npwp', /\bnpwp\b/i],
  ['nik', /\b(nik|ktp|e-?ktp|kependudukan)\b/i],
  ['phone', /\b(hp|wa|whatsapp|telp|telepon|tlp|telpon|phone|call|sms|nomor\s+hp|no\s+hp|hubungi|kontak)\b/i],
  ['passport', /\b(paspor|passport|pasport)\b/i],
  ['submission', /\b(aju|nopen|pib|peb|pendaftaran|submission)\b/i],
  ['nppbkc', /\bnppbkc\b/i],
];

function contextHints(text: string): Set<ContextHint> {
  const hints = new Set<ContextHint>();
  for (const [hint, pattern] of CONTEXT_PATTERNS) if (pattern.test(text)) hints.add(hint);
  return hints;
}

/** Classifies a run of digits (separators removed) using the words around it. */
function classifyDigits(digits: string, raw: string, hints: Set<ContextHint>): IdentifierKind | null {
  if (OFFICIAL_NUMBERS.has(digits)) return null;
  const looksLikePhone = /^(\+62|62|0)8/.test(raw.replace(/[\s.\-()]/g, '')) && normalizeIndonesianPhone(raw) !== null;
  if (looksLikePhone && !(hints.has('imei') && isValidImei(digits))) return 'phone';
  if (/^\+/.test(raw.trim())) return normalizeIndonesianPhone(raw) ? 'phone' : null;
  switch (digits.length) {
    case 15:
      if (hints.has('billing') && !hints.has('imei')) return 'billing_code';
      if (hints.has('npwp') && !hints.has('imei')) return 'npwp';
      if (luhnCheck(digits)) return 'imei';
      if (hints.has('imei')) return 'imei';
      if (/^[4-6]/.test(digits)) return 'billing_code';
      return hints.has('tracking') ? 'tracking_number' : 'npwp';
    case 16:
      if (hints.has('npwp')) return 'npwp';
      if (isValidNik(digits)) return 'nik';
      if (hints.has('imei')) return 'imei';
      if (digits.startsWith('0')) return 'npwp';
      return hints.has('tracking') ? 'tracking_number' : null;
    case 11:
      if (isValidAwb(digits)) return 'awb';
      return hints.has('tracking') ? 'tracking_number' : null;
    case 22:
      return 'nppbkc';
    case 26:
      return 'submission_number';
    default:
      break;
  }
  if (hints.has('tracking') && digits.length >= 8 && digits.length <= 35) return 'tracking_number';
  if (hints.has('submission') && digits.length >= 6 && digits.length <= 26) return 'submission_number';
  if (digits.length === 10 && isValidDhlWaybill(digits)) return 'tracking_number';
  if (digits.length === 12 && hints.has('tracking')) return 'tracking_number';
  if (hints.has('imei') && digits.length >= 14 && digits.length <= 17) return 'imei';
  return null;
}

const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const S10_PATTERN = /\b[A-Za-z]{2}\s?\d{3}\s?\d{3}\s?\d{3}\s?[A-Za-z]{2}\b/g;
const UPS_PATTERN = /\b1Z[A-Za-z0-9]{16}\b/gi;
/** Letters and digits mixed, 8-35 long, at least 6 digits: marketplace and courier numbers (LP…, YT…, JD…). */
const ALNUM_TRACKING_PATTERN = /\b(?=[A-Za-z0-9-]{8,35}\b)(?=(?:[A-Za-z-]*\d){6})(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b/g;
const PASSPORT_PATTERN = /\b[A-Za-z]{1,2}\d{6,7}\b/g;
/** A run of digits, possibly with spaces, dots, dashes or a leading +, as people type numbers. */
const DIGIT_RUN_PATTERN = /(?<![\w.,])\+?\(?\d[\d\s.\-()/]{4,}\d(?![\w])|(?<![\w.,])\d{6,}(?![\w])/g;
const FORMATTED_NPWP_PATTERN = /\b\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}\b/g;

/** Currency or unit words next to a number mean it is an amount, not an identifier. */
const AMOUNT_BEFORE = /(rp\.?|idr|usd|us\$|\$|sgd|myr|rm|eur|€|£|¥|jpy|cny|rmb|aud|hkd|harga|seharga|senilai|nilai|nilainya|sebesar|total|biaya|price|worth|value|cost)\s*:?\s*$/i;
const AMOUNT_AFTER = /^\s*(rb|ribu|rbu|k|jt|juta|jta|m|miliar|milyar|dolar|dollar|usd|rupiah|idr|ringgit|euro|yen|yuan|kg|gram|gr|g|ml|liter|l|batang|pcs|persen|%)\b/i;

const CHECKED_WHEN_SPACED = new Set<IdentifierKind>(['phone', 'imei', 'awb', 'nik', 'npwp', 'billing_code']);

function overlaps(taken: IdentifierMatch[], start: number, end: number): boolean {
  return taken.some((match) => start < match.end && end > match.start);
}

/** True when the text has at least `count` ASCII digits. */
function hasDigits(text: string, count: number): boolean {
  let found = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      found += 1;
      if (found >= count) return true;
    }
  }
  return false;
}

/**
 * Finds identifiers in a message: e-mails, S10 and other tracking numbers, air waybills, IMEIs,
 * NIKs, NPWPs, billing codes, submission numbers, NPPBKC, passport numbers (only when the message
 * mentions a passport) and Indonesian phone numbers. Amounts (`Rp 2.000.000`, `5000000 rupiah`)
 * are left alone. Matches are sorted by position and do not overlap.
 */
export function findIdentifiers(text: string): IdentifierMatch[] {
  const found: IdentifierMatch[] = [];
  // Every identifier but an e-mail has at least 6 digits: most messages can skip the scans.
  const hasAt = text.includes('@');
  if (!hasAt && !hasDigits(text, 6)) return found;
  const hints = contextHints(text);
  const add = (kind: IdentifierKind, start: number, end: number): void => {
    if (overlaps(found, start, end)) return;
    found.push({ kind, value: text.slice(start, end), start, end, placeholder: identifierPlaceholder(kind) });
  };
  const scan = (pattern: RegExp, handle: (value: string, start: number, end: number) => void): void => {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
      handle(match[0], match.index, match.index + match[0].length);
    }
  };

  if (hasAt) scan(EMAIL_PATTERN, (_value, start, end) => add('email', start, end));
  // Web addresses are neither identifiers nor amounts: mask them so their digits are not read.
  const urls: Array<[number, number]> = [];
  scan(/\b(?:https?:\/\/|www\.)\S+/gi, (_value, start, end) => urls.push([start, end]));
  const inUrl = (start: number, end: number): boolean => urls.some(([from, to]) => start < to && end > from);

  scan(S10_PATTERN, (value, start, end) => {
    if (inUrl(start, end)) return;
    add(isValidS10(value) ? 's10' : 'tracking_number', start, end);
  });
  scan(UPS_PATTERN, (_value, start, end) => !inUrl(start, end) && add('tracking_number', start, end));
  scan(FORMATTED_NPWP_PATTERN, (_value, start, end) => add('npwp', start, end));
  scan(DIGIT_RUN_PATTERN, (value, start, end) => {
    if (inUrl(start, end)) return;
    // Trim trailing separators the pattern may include and ignore amounts.
    const trimmed = value.replace(/[\s.\-/(]+$/, '');
    const realEnd = start + trimmed.length;
    const before = text.slice(Math.max(0, start - 14), start);
    const after = text.slice(realEnd, realEnd + 10);
    if (AMOUNT_BEFORE.test(before) || AMOUNT_AFTER.test(after)) return;
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length < 6) return;
    // "Rp 2.000.000"-style grouping without a currency is still an amount, not an identifier.
    if (/^\d{1,3}([.,]\d{3})+$/.test(trimmed.trim())) return;
    // A date or a regulation number (12/2025, 2024-03-01) is not an identifier.
    if (/^\d{1,4}[/-]\d{1,2}[/-]\d{2,4}$/.test(trimmed.trim())) return;
    // The words just before a number say what it is ("NIK …, NPWP …"); the whole message is the fallback.
    const local = contextHints(text.slice(Math.max(0, start - 30), start));
    const kind = classifyDigits(digits, trimmed, local.size > 0 ? local : hints);
    // Numbers typed in spaced groups are accepted only when a check or a strong format confirms them.
    if (kind && /\s/.test(trimmed) && !CHECKED_WHEN_SPACED.has(kind)) return;
    if (kind) add(kind, start, realEnd);
  });
  if (hints.has('passport')) {
    scan(PASSPORT_PATTERN, (value, start, end) => {
      if (contextHints(text.slice(Math.max(0, start - 30), start)).has('passport') && isValidPassportNumber(value)) add('passport', start, end);
    });
  }
  scan(ALNUM_TRACKING_PATTERN, (value, start, end) => {
    if (inUrl(start, end)) return;
    // Regulation and document references (PMK-34, PER-13, BC2.0) are short or mostly letters.
    if (/^(pmk|per|kep|kmk|pp|uu|se|bc)\b/i.test(value)) return;
    // Amounts written without a space (Rp5000000, usd1500, 5000000rb) are not tracking numbers.
    if (/^(rp|idr|usd|sgd|myr|rm|eur|jpy|cny|aud|hkd)\d/i.test(value) || /\d(rb|ribu|jt|juta|k|m|rp|usd|idr)$/i.test(value)) return;
    if (!isValidCourierTrackingNumber(value)) return;
    add('tracking_number', start, end);
  });
  return found.sort((left, right) => left.start - right.start);
}

/** Replaces every identifier by its placeholder, for logs and for the search index. */
export function redactIdentifiers(text: string): string {
  const matches = findIdentifiers(text);
  let result = '';
  let cursor = 0;
  for (const match of matches) {
    result += `${text.slice(cursor, match.start)} ${match.placeholder} `;
    cursor = match.end;
  }
  return result + text.slice(cursor);
}
