import { normalizeMessage } from '../knowledge/normalizer';

/**
 * Conversation control a citizen can type at any point, in Indonesian (plain or chat slang) or
 * English. A question that merely contains one of the words ("berapa lama petugas memeriksa
 * paket?", "apa arti status selesai validasi?") is not a command: it goes to the knowledge base.
 */
export type Command =
  /** Asks for a person (officer, admin, customer service). */
  | { kind: 'human' }
  /** Asks where a handed-off request stands; `ticketNumber` (canonical `TP-yyMM-nnnn`) when given. */
  | { kind: 'status'; ticketNumber?: string }
  /** Stops what is under way ("batal", "cancel", "stop"). */
  | { kind: 'cancel' }
  /**
   * A complaint about service or an officer (pengaduan), or a question about how to make one;
   * both lead to the complaint channels. `howTo` is true for the question form.
   */
  | { kind: 'complaint'; aboutOfficer: boolean; aboutService: boolean; howTo: boolean }
  /** Asks for their personal data to be deleted (UU 27/2022). */
  | { kind: 'deleteData' }
  | { kind: 'yes' }
  | { kind: 'no' };

export type Rating = 1 | 2 | 3 | 4 | 5;

export interface CommandOptions {
  /** The desk's ticket prefix (officers/desk-service.ts `DeskOptions.ticketPrefix`); default `TP`. */
  ticketPrefix?: string;
}

/** Stands in for a ticket number in the normalised text, so slang expansion never touches it. */
const TICKET_TOKEN = 'ticketref';

const escapeRegExp = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alt = (words: readonly string[]): string => words.map(escapeRegExp).join('|');

/**
 * Finds a ticket number as people type it: `TP-2612-0042`, `tp 2612 0042`, `TP26120042`. The
 * month part must be a real month, so an unrelated number is not taken for a ticket.
 */
export function findTicketNumber(text: string, prefix = 'TP'): { number: string; start: number; end: number } | undefined {
  const pattern = new RegExp(String.raw`(?<![\p{L}\p{N}])${escapeRegExp(prefix)}[\s.\-_/]*(\d{2})(0[1-9]|1[0-2])[\s.\-_/]*(\d{4,6})(?![\p{L}\p{N}])`, 'iu');
  const match = pattern.exec(text);
  if (!match) return undefined;
  return { number: `${prefix.toUpperCase()}-${match[1]}${match[2]}-${match[3]}`, start: match.index, end: match.index + match[0].length };
}

interface PreparedMessage {
  /** NFKC, lowercase, punctuation as spaces; slang untouched (the yes/no and rating words live here). */
  plain: string;
  /** Canonical tokens (slang expanded, "-nya" dropped), padded with spaces for phrase matching. */
  canonical: string;
  /** The canonical tokens without polite fillers at either end. */
  core: string;
  ticketNumber?: string;
}

/** Words that frame a command without changing it ("tolong batalkan ya min", "status please"). */
const EDGE_FILLERS = new Set([
  'tolong', 'mohon', 'please', 'admin', 'bot', 'halo', 'hai', 'hi', 'hello', 'hey', 'ok', 'oke', 'baik', 'maaf', 'sorry', 'saja', 'dulu', 'sekarang',
  'now', 'just', 'ya', 'terima', 'kasih', 'thanks', 'thank', 'you', 'bisa', 'can', 'could', 'dong', 'sih', 'nih', 'deh', 'lah', 'kok',
]);

function prepare(text: string, options: CommandOptions): PreparedMessage {
  const raw = typeof text === 'string' ? text.normalize('NFKC') : '';
  const ticket = findTicketNumber(raw, options.ticketPrefix);
  const withoutTicket = ticket ? `${raw.slice(0, ticket.start)} ${TICKET_TOKEN} ${raw.slice(ticket.end)}` : raw;
  const plain = raw
    .toLowerCase()
    // A thumb is an answer on its own: 👍 yes, 👎 no.
    .replace(/[👍👌✅]/gu, ' ya ')
    .replace(/[👎❌]/gu, ' tidak ')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const tokens = normalizeMessage(withoutTicket).tokens.map((token) => token.replace(/^(\p{L}{3,})nya$/u, '$1'));
  let first = 0;
  let last = tokens.length;
  while (first < last && EDGE_FILLERS.has(tokens[first])) first += 1;
  while (last > first && EDGE_FILLERS.has(tokens[last - 1])) last -= 1;
  return { plain, canonical: ` ${tokens.join(' ')} `, core: tokens.slice(first, last).join(' '), ticketNumber: ticket?.number };
}

/* ------------------------------------------------------------------ cancel, yes, no */

const CANCEL = new RegExp(
  String.raw`^(?:(?:saya|i|kami|we) )?(?:(?:mau|ingin|want to|would like to|wanna|need to) )?` +
    String.raw`(?:batal|batalkan|batalin|dibatalkan|pembatalan|cancel|cancelled|canceled|stop|berhenti|hentikan|abort|quit|exit|keluar|tidak jadi|gajadi|` +
    String.raw`never mind|nevermind|forget it|sudahi|akhiri|akhiri percakapan|end chat|end the chat|stop chat)` +
    String.raw`(?: (?:saja|dulu|it|that|this|ini|itu|request|permintaan|pertanyaan|percakapan|chat|conversation|tiket|ticket|please|now|sekarang|the|my|saya|semua|all|everything))*$`,
);

const PLAIN_FILLERS = String.raw`(?: (?:kak|ka|min|mimin|admin|dong|sih|deh|pak|bu|mas|mbak|gan|sis|please|pls|ya|yah|aja|saja|kok))*`;
const YES = new RegExp(
  String.raw`^(?:(?:y|ya+|iy+a*|iyup|yes+|yep|yup|yeah|yea|ok|oke|okay|okey|okeh|sip|siap|boleh|mau|setuju|betul|benar|bener|tentu|tentu saja|` +
    String.raw`sure|of course|correct|right|agree|i agree|sudah|udah|udh|sdh|already|yes please|ya betul|ya benar|iya betul|iya benar|absolutely|yes it did|it did)` +
    String.raw`(?: (?:sangat |cukup |sudah |very |really )?(?:membantu|helpful|jelas|clear|helped|it helped|terima kasih|makasih|thanks|thank you))?` +
    String.raw`|(?:sangat |cukup |sudah |very |really )?(?:membantu|helpful|jelas|it helped))${PLAIN_FILLERS}$`,
);
const NO = new RegExp(
  String.raw`^(?:(?:n|no|nope|nah|not|tidak|tdk|tak|nggak|ngga|nggk|ngak|gak|ga|gk|g|enggak|engga|ndak|nda|kagak|bukan|belum|blm|blom|jangan|` +
    String.raw`dont|don t|not really|tidak usah|gak usah|ga usah|nggak usah|ndak usah|gausah|no need|negative)` +
    String.raw`(?: (?:it did not|it didn t|didn t help|did not help|membantu|helpful|jelas|clear|terima kasih|makasih|thanks|thank you))?` +
    String.raw`|(?:kurang|tidak|not|unhelpful|not very|not really) ?(?:membantu|helpful|jelas|clear)?)${PLAIN_FILLERS}$`,
);

function recognizeYesNo(plain: string): Command | undefined {
  if (YES.test(plain)) return { kind: 'yes' };
  if (NO.test(plain)) return { kind: 'no' };
  return undefined;
}

/* ------------------------------------------------------------------ asking for a person */

const PERSON = [
  'petugas', 'pegawai', 'operator', 'cs', 'customer service', 'customer care', 'customer support', 'manusia', 'orang asli', 'orang beneran',
  'orang sungguhan', 'orang bea cukai', 'agen', 'agent', 'live agent', 'human', 'humans', 'human agent', 'real person', 'live person', 'a person',
  'someone', 'somebody', 'officer', 'customs officer', 'staff', 'representative', 'support agent', 'petugas asli', 'admin manusia', 'admin asli',
];
const TALK_VERBS = [
  'bicara', 'berbicara', 'chat', 'chatting', 'hubungkan', 'sambungkan', 'sambung', 'disambungkan', 'dihubungkan', 'dihubungi', 'terhubung', 'tersambung',
  'connect', 'talk', 'speak', 'transfer me', 'alihkan', 'dialihkan', 'oper', 'dioper', 'teruskan', 'diteruskan', 'forward', 'dilayani', 'dibantu',
  'bantuan', 'put me through',
];
/** Words that make a talk verb a report ("sudah bicara dengan petugas") or a condition ("tanpa bantuan petugas"), not a request. */
const NOT_A_REQUEST_BEFORE = new Set(['sudah', 'pernah', 'tadi', 'kemarin', 'already', 'have', 'had', 'did', 'was', 'were', 'telah', 'tanpa', 'without']);

const TALK_TO_PERSON = new RegExp(String.raw` (${alt(TALK_VERBS)}) (?:\S+ ){0,3}(?:${alt(PERSON)}) `, 'g');
const BARE_PERSON = new RegExp(
  String.raw`^(?:(?:saya|i|kami|we) )?(?:(?:mau|ingin|minta|butuh|perlu|need|want|request|get me|give me|would like|need a|want a) )?` +
    String.raw`(?:(?:dengan|sama|ke|a|an|to|the|speak to|talk to) )?(?:${alt(PERSON)})` +
    String.raw`(?: (?:please|tolong|asli|beneran|sungguhan|saja|langsung|now|sekarang|manusia|petugas|bea cukai|customs|yang asli|real|only|aja|dong))*$`,
);
const PERSON_AVAILABLE = new RegExp(
  String.raw` (?:ada|is there|are there|any) (?:\S+ )?(?:${alt(PERSON)}) (?:\S+ ){0,3}(?:yang bisa|yang online|online|available|i can talk|to talk|bisa bicara|bisa dihubungi|bisa chat) `,
);
const NO_BOT = / (?:tidak mau|tidak ingin|do not want|dont want|no more|bukan sama|not with a|stop) (?:\S+ ){0,4}(?:bot|robot|mesin|machine|chatbot) /;
const CALL_ME = / (?:tolong|mohon|please|minta|can you|could you|have someone|have an officer) (?:\S+ ){0,2}(?:telepon|telpon|call|dihubungi|hubungi|contact) (?:saya|me|back) /;

function asksForPerson(prepared: PreparedMessage): boolean {
  if (BARE_PERSON.test(prepared.core)) return true;
  if (PERSON_AVAILABLE.test(prepared.canonical) || NO_BOT.test(prepared.canonical) || CALL_ME.test(prepared.canonical)) return true;
  for (const match of prepared.canonical.matchAll(TALK_TO_PERSON)) {
    const before = prepared.canonical.slice(0, match.index).trim().split(' ').slice(-2);
    if (!before.some((word) => NOT_A_REQUEST_BEFORE.has(word))) return true;
  }
  return false;
}

/* ------------------------------------------------------------------ complaints */

const OFFICER_NOUNS = ['petugas', 'pegawai', 'oknum', 'officer', 'officers', 'staff', 'employee', 'employees', 'karyawan', 'pejabat', 'admin', 'cs', 'customer service', 'operator'];
const SERVICE_NOUNS = ['pelayanan', 'layanan', 'service', 'servis', 'kantor', 'loket', 'antrian', 'antrean', 'respon', 'respons', 'response', 'call center', 'contact center', 'bravo bea cukai'];
const NEGATIVE = [
  'kasar', 'judes', 'galak', 'jutek', 'ketus', 'sombong', 'tidak ramah', 'lambat', 'lelet', 'lamban', 'buruk', 'jelek', 'mengecewakan', 'kecewa', 'rude',
  'unfriendly', 'impolite', 'slow', 'terrible', 'awful', 'horrible', 'worst', 'poor', 'disappointed', 'disappointing', 'bentak', 'membentak', 'dibentak',
  'marah', 'menghina', 'mempersulit', 'dipersulit', 'tidak profesional', 'unprofessional', 'tidak sopan', 'arogan', 'arrogant', 'seenaknya', 'semena mena',
  'tidak becus', 'abusive', 'harassed', 'harass', 'dilecehkan', 'melecehkan', 'ignored', 'dicuekin', 'diabaikan', 'tidak dilayani', 'tidak direspon',
  'tidak dibalas', 'tidak ada respon', 'no response', 'not responding', 'unresponsive', 'tidak membantu', 'unhelpful', 'useless', 'percuma', 'nyebelin',
  'menyebalkan', 'annoying', 'yelled', 'shouted', 'insulted',
];
const MISCONDUCT = [
  'pungli', 'pungutan liar', 'suap', 'disuap', 'menyuap', 'sogok', 'sogokan', 'disogok', 'bribe', 'bribes', 'bribery', 'bribed', 'extortion', 'extort',
  'extorted', 'pemerasan', 'diperas', 'memeras', 'uang damai', 'uang pelicin', 'gratifikasi', 'korupsi', 'korup', 'corrupt', 'corruption', 'kkn',
];
/** Money asked for by an officer in person; by phone or to an account it is the scam pattern instead. */
const MONEY_ASKED = ['minta uang', 'minta tip', 'uang rokok', 'uang kopi', 'minta imbalan', 'asked for money', 'asked me for money', 'demanded money', 'asked for a tip', 'wanted money'];
const REMOTE_CONTACT = ['telepon', 'ditelepon', 'nelpon', 'sms', 'whatsapp', 'wa', 'dm', 'inbox', 'transfer', 'rekening', 'e wallet', 'ewallet', 'dana', 'ovo', 'gopay', 'mengaku', 'ngaku', 'atas nama', 'claiming', 'pretending', 'called me', 'texted'];
const COMPLAINT_WORDS = [
  'komplain', 'complain', 'complaining', 'complaint', 'complaints', 'mengadu', 'mengadukan', 'adukan', 'diadukan', 'pengaduan', 'aduan', 'keluhan', 'mengeluh',
  'mengeluhkan', 'protes', 'protest', 'kritik', 'sipuma', 'whistleblowing', 'whistleblower', 'komplen', 'complen', 'komplin',
];
const REPORT_WORDS = ['lapor', 'laporkan', 'melaporkan', 'dilaporkan', 'report', 'reporting'];
/** Complaints about someone other than customs (courier, shop, scammer) are not for the complaint channels. */
const OTHER_TARGETS = [
  'kurir', 'courier', 'jne', 'jnt', 'sicepat', 'anteraja', 'ekspedisi', 'olshop', 'seller', 'penjual', 'toko', 'shopee', 'tokopedia', 'lazada', 'penipu',
  'penipuan', 'scam', 'scammer', 'fraud', 'maskapai', 'airline', 'bank',
];
const HOW_TO = / (?:bagaimana|cara|how|where|di mana|ke mana|kemana|lewat mana|prosedur|procedure|channel|saluran|which|apa saja|apa itu|what is|syarat|requirements|what should i|alamat|address|email|nomor|number|kontak|contact|melalui|lewat|via) /;
const GENERAL_QUESTION = /^ (?:apakah|apa|is|are|does|do|will|would|can|could|may|what|which|where|how) /;
/** "mau komplain" alone is a complaint; a longer message about something else ("HP bekas diblokir, mengadu ke mana?") is not ours. */
const BARE_INTENT_MAX_TOKENS = 6;
const FIRST_PERSON = / (?:saya|kami|i|we|my|me|our) /;

const near = (left: readonly string[], right: readonly string[], gap: number): RegExp =>
  new RegExp(String.raw` (?:${alt(left)}) (?:\S+ ){0,${gap}}(?:${alt(right)}) `);
const has = (words: readonly string[]): RegExp => new RegExp(String.raw` (?:${alt(words)}) `);

const OFFICER_NEGATIVE = [near(OFFICER_NOUNS, NEGATIVE, 5), near(NEGATIVE, OFFICER_NOUNS, 4)];
const SERVICE_NEGATIVE = [near(SERVICE_NOUNS, NEGATIVE, 5), near(NEGATIVE, SERVICE_NOUNS, 4)];
const HAS_MISCONDUCT = has(MISCONDUCT);
const HAS_MONEY_ASKED = has(MONEY_ASKED);
const HAS_REMOTE = has(REMOTE_CONTACT);
const HAS_OFFICER = has(OFFICER_NOUNS);
const HAS_SERVICE = has([...SERVICE_NOUNS, 'bea cukai', 'customs']);
const HAS_COMPLAINT_WORD = has(COMPLAINT_WORDS);
const HAS_OTHER_TARGET = has(OTHER_TARGETS);
// "lapor ke petugas" is declaring goods to an officer; "laporkan petugas itu" reports the officer.
const REPORTS_OFFICER = new RegExp(String.raw` (?:${alt(REPORT_WORDS)}) (?:(?:seorang|an|the|a|this|that|ini|itu|soal|tentang|about|adanya) )?(?:${alt([...OFFICER_NOUNS.filter((noun) => noun !== 'admin' && noun !== 'cs'), ...MISCONDUCT])}) `);

function recognizeComplaint(prepared: PreparedMessage): Extract<Command, { kind: 'complaint' }> | undefined {
  // The core: "min" at the start addresses the chat, it does not name an officer.
  const text = ` ${prepared.core} `;
  const officerNegative = OFFICER_NEGATIVE.some((pattern) => pattern.test(text));
  const serviceNegative = SERVICE_NEGATIVE.some((pattern) => pattern.test(text));
  const misconduct = HAS_MISCONDUCT.test(text) || (HAS_MONEY_ASKED.test(text) && HAS_OFFICER.test(text) && !HAS_REMOTE.test(text));
  // "Apakah petugas di bandara galak?" asks about officers in general; a described incident is a complaint.
  const describesIncident = (officerNegative || serviceNegative) && (!GENERAL_QUESTION.test(text) || FIRST_PERSON.test(text));
  const namesCustoms = HAS_OFFICER.test(text) || HAS_SERVICE.test(text);
  const intent =
    (HAS_COMPLAINT_WORD.test(text) && (namesCustoms || (!HAS_OTHER_TARGET.test(text) && prepared.core.split(' ').length <= BARE_INTENT_MAX_TOKENS))) ||
    REPORTS_OFFICER.test(text);
  if (!misconduct && !describesIncident && !intent) return undefined;
  const aboutOfficer = misconduct || officerNegative || HAS_OFFICER.test(text);
  const aboutService = serviceNegative || HAS_SERVICE.test(text);
  // Rude or slow treatment the citizen describes is a complaint even when it ends with "ke mana?".
  const howTo = !describesIncident && (HOW_TO.test(prepared.canonical) || GENERAL_QUESTION.test(text));
  return { kind: 'complaint', aboutOfficer, aboutService, howTo };
}

/* ------------------------------------------------------------------ ticket status */

/** "tiket pesawat" is a flight ticket (asked for at IMEI registration), not ours. */
const OTHER_TICKETS = / (?:tiket|ticket) (?:pesawat|kapal|flight|plane|boarding|kereta|train|bus|masuk|konser|concert|pulang|return) /;
const STATUS_BEFORE_TICKET = ['status', 'cek', 'check', 'lacak', 'track', 'sampai mana', 'bagaimana', 'update', 'updates', 'progress', 'perkembangan', 'kabar', 'follow up', 'tindak lanjut', 'nomor', 'number', 'what', 'where'];
const STATUS_AFTER_TICKET = ['status', 'sampai mana', 'bagaimana', 'update', 'progress', 'kabar', 'sudah', 'belum', 'dijawab', 'answered', 'berapa', 'mana'];
const REQUEST_NOUNS = ['tiket', 'ticket', 'permintaan', 'request', 'pengaduan', 'aduan', 'laporan', 'complaint', 'keluhan', 'pertanyaan', 'question', 'kasus', 'case'];
const STATUS_ABOUT_TICKET = [near(STATUS_BEFORE_TICKET, ['tiket', 'ticket'], 3), near(['tiket', 'ticket'], STATUS_AFTER_TICKET, 3)];
const STATUS_OF_REQUEST = new RegExp(String.raw` (?:status|update|progress|perkembangan|kabar|follow up|tindak lanjut) (?:\S+ ){0,2}(?:${alt(REQUEST_NOUNS)}) (?:saya|my|kami|our) `);
const BARE_STATUS = /^(?:(?:cek|check|lihat|see|what is the|what the|my|saya) )?(?:status|update|updates|any update|any updates|ada update|ada kabar|gimana kabarnya|bagaimana kabar|progress)(?: (?:saya|my|nya|ticket|tiket|please|update|terbaru|latest|sekarang|now))*$/;
const MY_TICKET = /^(?:(?:tiket|ticket) (?:saya|kami)|(?:my|our) ticket)$/;
/** A status request without a number is a short message; a longer one is a question for the knowledge base. */
const STATUS_MAX_TOKENS = 10;

function asksForStatus(prepared: PreparedMessage): boolean {
  const { canonical, core } = prepared;
  if (BARE_STATUS.test(core) || MY_TICKET.test(core)) return true;
  if (core.split(' ').length > STATUS_MAX_TOKENS || OTHER_TICKETS.test(canonical)) return false;
  return STATUS_ABOUT_TICKET.some((pattern) => pattern.test(canonical)) || STATUS_OF_REQUEST.test(canonical);
}

/* ------------------------------------------------------------------ deleting personal data */

const DELETE_VERBS = [
  'hapus', 'hapuskan', 'hapusin', 'menghapus', 'dihapus', 'dihapuskan', 'penghapusan', 'delete', 'deleted', 'deletion', 'remove', 'removed', 'erase',
  'erased', 'hilangkan', 'dihilangkan', 'musnahkan', 'dimusnahkan', 'forget', 'clear', 'wipe',
];
const DATA_NOUNS = ['data', 'informasi', 'information', 'info', 'riwayat', 'histori', 'history', 'percakapan', 'obrolan', 'chat', 'conversation', 'conversations', 'akun', 'account', 'identitas', 'records', 'record', 'details'];
const DELETES_DATA = [near(DELETE_VERBS, DATA_NOUNS, 3), near(DATA_NOUNS, DELETE_VERBS, 4), / (?:forget me|right to be forgotten|hak untuk dilupakan|hak dilupakan|hak hapus) /];
const PERSONAL = / (?:saya|my|pribadi|personal|kami|our|me|mine) /;
/** "hapus data IMEI yang salah" is about a customs record; "kapan data saya dihapus?" asks about retention. */
const NOT_A_DELETION_REQUEST = / (?:imei|paket|resi|barang|billing|pib|peb|awb|dokumen|cn|ceisa|npwp|nppbkc|akan|will|kapan|when|berapa lama|how long|otomatis|automatically|setelah|after) /;

function asksToDeleteData(prepared: PreparedMessage): boolean {
  const { canonical, core } = prepared;
  if (!DELETES_DATA.some((pattern) => pattern.test(canonical)) || NOT_A_DELETION_REQUEST.test(canonical)) return false;
  // "hapus data" alone is clear enough; otherwise the data must be the citizen's own.
  return PERSONAL.test(canonical) || core.split(' ').length <= 3;
}

/* ------------------------------------------------------------------ the recogniser */

/**
 * Recognises a conversation-control command in a citizen's message, or undefined for anything
 * else (which goes to the knowledge base). Checked in order: cancel and yes/no (whole message
 * only), data deletion, a ticket number, complaint, a request for a person, ticket status.
 */
export function recognizeCommand(text: string, options: CommandOptions = {}): Command | undefined {
  const prepared = prepare(text, options);
  if (!prepared.plain && !prepared.ticketNumber) return undefined;
  if (CANCEL.test(prepared.core)) return { kind: 'cancel' };
  const yesNo = recognizeYesNo(prepared.plain);
  if (yesNo) return yesNo;
  if (asksToDeleteData(prepared)) return { kind: 'deleteData' };
  const complaint = recognizeComplaint(prepared);
  // A ticket number settles what the message is about, unless it complains about how the ticket is handled.
  if (prepared.ticketNumber && !(complaint && !complaint.howTo)) return { kind: 'status', ticketNumber: prepared.ticketNumber };
  if (complaint) return complaint;
  if (asksForPerson(prepared)) return { kind: 'human' };
  if (asksForStatus(prepared)) return { kind: 'status' };
  return undefined;
}

/* ------------------------------------------------------------------ ratings */

const NUMBER_WORDS: Record<string, Rating> = {
  satu: 1, dua: 2, tiga: 3, empat: 4, lima: 5, one: 1, two: 2, three: 3, four: 4, five: 5,
  '1': 1, '2': 2, '3': 3, '4': 4, '5': 5,
};
const FILLED_STARS = /[⭐★🌟✭✮✯✰]/gu;
const EMPTY_STARS = /[☆✩]/gu;
const RATING_TEXT = new RegExp(
  String.raw`^(?:(?:nilai|nilainya|rating|rate|skor|score|saya kasih|saya beri|kasih|beri|i give|i d give|i would give|give|bintang|star|stars) )*` +
    String.raw`(satu|dua|tiga|empat|lima|one|two|three|four|five|[1-5])` +
    String.raw`(?: (?:bintang|star|stars|dari (?:5|lima)|of (?:5|five)|out of (?:5|five)|5|lima|five|poin|points?))*` +
    String.raw`(?: (?:kak|min|admin|ya|deh|dong|saja|aja|please|thanks|terima kasih|makasih|mantap))*$`,
);

/**
 * Parses a 1–5 rating as citizens answer it: `5`, `4/5`, `4 dari 5`, `⭐⭐⭐⭐`, `★★★☆☆`,
 * `empat`, `four stars`, `nilai 3`. Anything else (0, 6, 4.5, a sentence) is undefined.
 */
export function parseRating(text: string): Rating | undefined {
  if (typeof text !== 'string') return undefined;
  const raw = text.normalize('NFKC').trim();
  const stars = raw.match(FILLED_STARS)?.length ?? 0;
  if (stars > 0) {
    // Only stars (filled and empty) and spaces: the filled ones are the rating.
    const rest = raw.replace(FILLED_STARS, '').replace(EMPTY_STARS, '').replace(/[\s\uFE0F]/gu, '');
    const empty = raw.match(EMPTY_STARS)?.length ?? 0;
    if (rest === '' && stars + empty <= 5) return stars as Rating;
    return undefined;
  }
  if (/\d[.,]\d/.test(raw)) return undefined;
  const plain = raw
    .toLowerCase()
    .replace(/(\d)\s*\/\s*(5)\b/g, '$1 of 5')
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const match = RATING_TEXT.exec(plain);
  return match ? NUMBER_WORDS[match[1]] : undefined;
}
