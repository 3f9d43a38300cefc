import { type SeedEntry } from './faq-entry';
import { EntryValidationError, entryContent, validateEntryContent } from './knowledge-base';
import { type EntryStatus, type KnowledgeEntry, seedEntryId } from './knowledge-entry';

/** One entry of an import file, validated, with where it came from. */
export interface ImportedEntry {
  id: string;
  status: EntryStatus;
  content: SeedEntry;
  line: number;
}

const STATUSES: EntryStatus[] = ['draft', 'published', 'archived'];

/** Line numbers (1-based) where each top-level element of a JSON array starts. */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let escaped = false;
  for (const character of text) {
    if (character === '\n') line += 1;
    if (inString) {
      if (escaped) escaped = false;
      else if (character === '\\') escaped = true;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') {
      inString = true;
      if (depth === 1) lines.push(line);
    } else if (character === '{' || character === '[') {
      if (depth === 1) lines.push(line);
      depth += 1;
    } else if (character === '}' || character === ']') {
      depth -= 1;
    } else if (depth === 1 && /[\d\-tfn]/.test(character) && (lines.length === 0 || lines[lines.length - 1] !== line)) {
      lines.push(line);
    }
  }
  return lines;
}

/**
 * Parses an import file (a JSON array, as `kb export` writes, or JSON Lines) and validates every
 * entry before anything is stored: the first problem is reported with its line and field.
 */
export function parseImportFile(text: string, fileName: string): ImportedEntry[] {
  const trimmed = text.trim();
  let elements: Array<{ value: unknown; line: number }>;
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new EntryValidationError(`${fileName}: not valid JSON: ${(error as Error).message}`);
    }
    const lines = elementLines(text);
    elements = (parsed as unknown[]).map((value, index) => ({ value, line: lines[index] ?? 1 }));
  } else {
    elements = [];
    text.split('\n').forEach((raw, index) => {
      if (raw.trim() === '') return;
      try {
        elements.push({ value: JSON.parse(raw), line: index + 1 });
      } catch (error) {
        throw new EntryValidationError(`${fileName}:${index + 1}: not valid JSON: ${(error as Error).message}`);
      }
    });
  }

  const seen = new Set<string>();
  return elements.map(({ value, line }) => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new EntryValidationError(`${fileName}:${line}: an entry must be a JSON object`);
    }
    const { id, status, version: _version, updatedAt: _updatedAt, updatedBy: _updatedBy, ...rest } = value as Record<string, unknown>;
    if (status !== undefined && !STATUSES.includes(status as EntryStatus)) {
      throw new EntryValidationError(`${fileName}:${line}: field "status" must be one of ${STATUSES.join(', ')}`);
    }
    if (id !== undefined && (typeof id !== 'string' || !/^[a-z0-9._#-]{3,120}$/.test(id))) {
      throw new EntryValidationError(`${fileName}:${line}: field "id" must be 3-120 characters of a-z, 0-9, . _ # -`);
    }
    const content = validateEntryContent(rest, `${fileName}:${line}`);
    const entryId = (id as string | undefined) ?? seedEntryId(content);
    if (seen.has(entryId)) throw new EntryValidationError(`${fileName}:${line}: entry "${entryId}" appears twice in the file`);
    seen.add(entryId);
    return { id: entryId, status: (status as EntryStatus | undefined) ?? 'draft', content, line };
  });
}

/** The export format is the import format: a JSON array of entries with id, status and version. */
export function exportJson(entries: KnowledgeEntry[]): string {
  return `${JSON.stringify(
    entries.map((entry) => ({ id: entry.id, status: entry.status, version: entry.version, updatedAt: entry.updatedAt, updatedBy: entry.updatedBy, ...entryContent(entry) })),
    null,
    2,
  )}\n`;
}

const CSV_COLUMNS = [
  'id', 'topic', 'kind', 'status', 'version', 'handoff', 'unit', 'question_id', 'question_en', 'answer_id', 'answer_en',
  'variants_id', 'variants_en', 'keywords_id', 'keywords_en', 'legal_basis', 'source_url', 'review_by', 'unconfirmed', 'collect', 'updated_at', 'updated_by',
] as const;

function csvCell(value: string | number | boolean): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A spreadsheet view for review (RFC 4180); lists are joined with " | ". Not an import format. */
export function exportCsv(entries: KnowledgeEntry[]): string {
  const rows = entries.map((entry) => {
    const values: Record<(typeof CSV_COLUMNS)[number], string | number | boolean> = {
      id: entry.id,
      topic: entry.topic,
      kind: entry.kind,
      status: entry.status,
      version: entry.version,
      handoff: entry.handoff,
      unit: entry.unit,
      question_id: entry.question.id,
      question_en: entry.question.en,
      answer_id: entry.answer.id,
      answer_en: entry.answer.en,
      variants_id: entry.variants.id.join(' | '),
      variants_en: entry.variants.en.join(' | '),
      keywords_id: entry.keywords.id.join(' | '),
      keywords_en: entry.keywords.en.join(' | '),
      legal_basis: entry.legalBasis.map((basis) => (basis.effectiveDate ? `${basis.regulation} (${basis.effectiveDate})` : basis.regulation)).join(' | '),
      source_url: entry.sourceUrl,
      review_by: entry.reviewBy,
      unconfirmed: entry.unconfirmed.join(' | '),
      collect: entry.collect.join(' | '),
      updated_at: entry.updatedAt,
      updated_by: entry.updatedBy,
    };
    return CSV_COLUMNS.map((column) => csvCell(values[column])).join(',');
  });
  return `${[CSV_COLUMNS.join(','), ...rows].join('\r\n')}\r\n`;
}
