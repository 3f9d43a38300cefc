import type { IdentifierKind } from '../identifiers';
import type { NormalizedMessage } from '../normalizer';

/**
 * Signals read from a normalised message (canonical tokens, so slang is already expanded):
 * whether it is about the citizen's own case (DESIGN.md section 4), asks for a person, complains
 * about service or officers, or describes a scam. Patterns are general language, written from the
 * design and the brief, and each one that fires adds a reason.
 */
export interface MessageSignals {
  identifiers: Array<{ kind: IdentifierKind }>;
  ownCase: boolean;
  asksForHuman: boolean;
  complaint: boolean;
  scam: boolean;
}

export interface SignalReport {
  signals: MessageSignals;
  reasons: string[];
  /** True when the message names a customs matter on its own words (bea cukai, impor, IMEI, …). */
  customsVocabulary: boolean;
  /** True when it only greets, thanks or chats. */
  chitChat: boolean;
  /** True when it asks what would happen ("kalau tidak didaftarkan, apakah diblokir?"): a general question. */
  hypothetical: boolean;
}

const alt = (words: readonly string[]): string => words.map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const within = (left: string, right: string, gap: number): RegExp =>
  new RegExp(String.raw` (?:${left}) (?:\S+ ){0,${gap}}(?:${right}) `);

const FIRST_PERSON = ['saya', 'kami', 'kita', 'i', 'my', 'me', 'we', 'our', 'mine', 'istri', 'suami', 'anak', 'orang tua', 'keluarga', 'wife', 'husband', 'son', 'daughter', 'mother', 'father', 'mom', 'dad'];
const POSSESSIVE_KU = /^(paket|barang|kiriman|handphone|iphone|resi|imei|uang|koper|bagasi|hadiah|dokumen|tagihan|laptop)ku$/;

/** A problem with something already under way. */
const PROBLEM = [
  'tertahan', 'stuck', 'held', 'detained', 'blokir', 'diblokir', 'terblokir', 'keblokir', 'blocked', 'gagal', 'failed', 'ditolak', 'tolak', 'rejected',
  'refused', 'hilang', 'lost', 'rusak', 'damaged', 'disita', 'seized', 'confiscated', 'didenda', 'fined', 'dipersulit', 'terlambat', 'delayed',
  'salah', 'wrong', 'error', 'tidak muncul', 'tidak ada kabar', 'no update', 'no news', 'tidak bisa', 'cannot', 'can not', 'unable', 'not working',
  'belum sampai', 'belum datang', 'belum diterima', 'belum aktif', 'belum keluar', 'belum update', 'belum berubah', 'belum diproses', 'belum selesai',
  'belum ada', 'belum bisa', 'belum dikirim', 'belum dirilis', 'not arrived', 'not received', 'not yet', 'still not', 'has not', 'have not', 'not active',
  'tidak aktif', 'tidak sampai', 'tidak datang', 'tidak diterima', 'masih tertahan', 'masih diblokir', 'masih belum', 'masih proses',
  'diminta dokumen', 'diminta bayar', 'disuruh bayar', 'minta dokumen', 'dimintai', 'kena tagih', 'ditagih', 'charged', 'overcharged', 'double',
  'terlanjur', 'already transferred', 'sudah transfer', 'tertipu', 'ditipu', 'scammed', 'dikembalikan', 'returned', 'pending', 'tertunda', 'ditahan',
  'dibuka', 'opened', 'tidak sesuai', 'mismatch', 'menunggu', 'waiting', 'nunggu', 'lama banget', 'lama sekali', 'too long',
];
/** Words that make a following problem hypothetical: "kalau HP diblokir?", "can my phone get blocked?". */
const HYPOTHETICAL = ['kalau', 'takut', 'khawatir', 'nanti', 'akan', 'supaya', 'agar', 'biar', 'jangan', 'bisa', 'mungkin', 'kemungkinan', 'risiko', 'if', 'will', 'would', 'could', 'might', 'may', 'can', 'avoid', 'prevent', 'risk', 'whether', 'possible', 'chance'];

const DURATION_UNITS = ['jam', 'hari', 'minggu', 'bulan', 'tahun', 'hours', 'hour', 'days', 'day', 'weeks', 'week', 'months', 'month'];
const ELAPSED = [
  new RegExp(String.raw` (?:sudah|sejak|selama|lebih dari|hampir|already|for|since|over|more than|almost|nearly) (?:\d+|1|beberapa|several|a few|few) (?:${alt(DURATION_UNITS)}) `),
  new RegExp(String.raw` (?:\d+|beberapa|several|a few) (?:${alt(DURATION_UNITS)}) (?:lalu|yang lalu|ago|terakhir) `),
  / (?:sejak|dari|since) (?:kemarin|kemarin lusa|minggu lalu|bulan lalu|yesterday|last week|last month|lebaran|awal bulan) /,
  / (?:berhari hari|berminggu minggu|berbulan bulan|for days|for weeks|for ages) /,
  / (?:sudah|already) (?:lama|lama banget|long) /,
];

const REQUEST = ['tolong', 'mohon', 'please', 'minta', 'can you', 'could you', 'would you', 'bisa'];
/** Passive verbs ask the office to act: "tolong dicek", "mohon diproses". */
const PASSIVE_ACTIONS = [
  'dicek', 'diperiksa', 'diproses', 'dikeluarkan', 'dirilis', 'ditindaklanjuti', 'diurus', 'dilihat', 'diselesaikan', 'dikonfirmasi', 'dilepas',
  'dibuka blokir', 'dibantu cek', 'dibantu proses', 'dibantu urus', 'dipercepat', 'release', 'released', 'unblock', 'unblocked', 'look into',
  'follow up', 'investigate', 'resolve', 'sort out', 'expedite',
];
/** Active verbs count only with the citizen's own object: "please check my parcel". */
const ACTIVE_ACTIONS = ['cek', 'check', 'periksa', 'proses', 'process', 'urus', 'track', 'lacak', 'bantu', 'help', 'find', 'carikan', 'cari'];
const DEMAND = [
  within(alt(REQUEST), alt(PASSIVE_ACTIONS), 4),
  new RegExp(String.raw` (?:${alt(REQUEST)}) (?:\S+ ){0,2}(?:${alt(ACTIVE_ACTIONS)}) (?:\S+ ){0,2}(?:saya|my|kami|our|__[a-z0-9_]+__) `),
];

const HUMAN_NOUNS = ['petugas', 'admin', 'operator', 'cs', 'customer service', 'manusia', 'orang', 'agen', 'agent', 'human', 'person', 'officer', 'staff', 'representative', 'someone', 'somebody', 'pegawai', 'people'];
const HUMAN_VERBS = ['bicara', 'berbicara', 'ngobrol', 'chat', 'chatting', 'hubungkan', 'sambungkan', 'dihubungkan', 'disambungkan', 'terhubung', 'connect', 'talk', 'speak', 'transfer me', 'dilayani', 'dibantu langsung', 'dibantu oleh'];
const ASKS_FOR_HUMAN = [
  within(alt(HUMAN_VERBS), alt(HUMAN_NOUNS), 4),
  new RegExp(String.raw` (?:mau|ingin|minta|bisa|pengin|want|need|get) (?:dengan|sama|ke|to|a|an)? ?(?:${alt(['petugas', 'operator', 'manusia', 'orang asli', 'human', 'real person', 'agent', 'live agent', 'officer', 'customer service', 'cs', 'pegawai'])}) `),
  / (?:petugas|admin|orang|manusia|person|human|agent|officer) (?:asli|beneran|sungguhan|nyata|real|please|tolong) /,
  / (?:bukan|not a|no|nggak mau|tidak mau) (?:bot|robot|mesin|machine) /,
  / (?:real|live|actual) (?:person|human|agent|officer) /,
  // Frustration with the bot is a request for a person: "botnya tidak mengerti", "this bot is useless".
  / (?:bot|robot|chatbot|mesin) (?:\S+ )?(?:tidak|not|no|doesnt|does not|gak|useless|bodoh|stupid|percuma) ?(?:mengerti|ngerti|paham|membantu|jelas|understand|help|helpful|work)? /,
  / (?:tolong|mohon|please|bisa|can you|could you) (?:\S+ )?(?:hubungi|telepon|telpon|call|contact) (?:saya|me|back) /,
  / (?:live chat|live agent|human agent|customer service please|operator please|agent please) /,
];

const SERVICE_NOUNS = ['petugas', 'pegawai', 'oknum', 'officer', 'officers', 'staff', 'pelayanan', 'layanan', 'service', 'bea cukai', 'customs', 'admin', 'cs', 'kantor'];
const NEGATIVE = [
  'kasar', 'judes', 'galak', 'jutek', 'sombong', 'tidak ramah', 'lambat', 'lelet', 'buruk', 'jelek', 'mengecewakan', 'kecewa', 'pungli', 'pungutan liar',
  'minta uang', 'suap', 'sogok', 'bribe', 'bribery', 'rude', 'unfriendly', 'slow', 'bad', 'terrible', 'worst', 'awful', 'disappointed', 'disappointing',
  'extort', 'extortion', 'bentak', 'membentak', 'dibentak', 'marah', 'marah marah', 'menghina', 'mempersulit', 'dipersulit', 'tidak profesional',
  'unprofessional', 'corrupt', 'korup', 'korupsi', 'nyebelin', 'parah', 'tidak becus', 'seenaknya', 'arogan', 'arrogant', 'harassed', 'dilecehkan',
  'ignored', 'dicuekin', 'diabaikan', 'tidak dibalas', 'tidak direspon', 'no response', 'useless', 'percuma', 'minta tip', 'uang rokok', 'uang damai',
];
const COMPLAINT = [
  within(alt(SERVICE_NOUNS), alt(NEGATIVE), 5),
  within(alt(NEGATIVE), alt(SERVICE_NOUNS), 4),
  / (?:pungli|pungutan liar|suap|sogok|bribe|bribery|extortion|uang damai|korupsi) /,
  new RegExp(String.raw` (?:saya|i|kami|we) (?:\S+ ){0,3}(?:mau|ingin|akan|want to|would like to|wish to|need to|am going to)? ?(?:komplain|complain|mengadu|mengeluh|melaporkan petugas|lapor petugas|file a complaint|make a complaint|report an officer|report the officer) `),
  / (?:komplain|complaint|keluhan|aduan) (?:saya|my|kami|our) /,
];
const HOW_TO = / (?:bagaimana|cara|how|where|di mana|ke mana|prosedur|procedure|channel|saluran|kemana|lewat mana|which) /;

const SCAM = [
  within(alt(['ngaku', 'mengaku', 'mengatasnamakan', 'claiming', 'claims', 'claimed', 'pretending', 'pretend', 'posing', 'impersonating', 'katanya dari', 'says he is', 'said they were']), alt(['bea cukai', 'petugas', 'customs', 'officer', 'pabean']), 3),
  / (?:rekening pribadi|personal account|private account|rekening perorangan|e wallet|ewallet|ovo|gopay|shopeepay) /,
  / (?:tebus|ditebus|diancam|ancam|mengancam|threatened|threat|threatening|paket diplomatik|diplomatic|kiriman diplomatik) /,
  / (?:penipuan|penipu|tipu|ditipu|tertipu|scam|scammer|scammed|fraud|hoax|hoaks|phishing) /,
  within(alt(['lelang', 'auction']), alt(['murah', 'wa', 'whatsapp', 'grup', 'group', 'instagram', 'facebook', 'tiktok', 'dm', 'tertutup', 'closed', 'cheap']), 4),
];

/**
 * Words that on their own make a message a customs or excise matter. Everyday words that also
 * belong to other services (paket, barang, handphone, bandara) are left to retrieval.
 */
const CUSTOMS_WORDS = [
  'bea cukai', 'bea', 'cukai', 'pabean', 'customs', 'excise', 'impor', 'import', 'imported', 'importir', 'ekspor', 'export', 'imei', 'jastip',
  'barang kiriman', 'kiriman luar negeri', 'paket luar negeri', 'barang bawaan', 'bawaan penumpang', 'duty', 'duties', 'dutiable', 'duty free',
  'pib', 'peb', 'pibk', 'sppbmcp', 'sptnp', 'kode billing', 'lartas', 'ecd', 'customs declaration', 'nppbkc', 'pita cukai', 'kawasan berikat',
  'bonded', 'kite', 'restitusi', 'pdri', 'ppnbm', 'fob', 'bea masuk', 'pajak impor', 'red channel', 'green channel', 'jalur merah', 'jalur hijau',
  'tps', 'btd', 'kppbc', 'ceisa', 'insw', 'pjt', 'ppjk', 'mmea', 'hptl', 'bkc',
];

const CHIT_CHAT = /^(?:(?:halo|hai|hallo|hello|hi|hey|helo|pagi|siang|sore|malam|selamat|good|morning|afternoon|evening|night|terima|kasih|thanks|oke|sip|mantap|test|tes|testing|ping|p|assalamualaikum|salam|wr|wb|admin|permisi|apa|kabar|how|are|you|ya|tidak|iya|yes|no|baik|fine|siapa|kamu|who|bot|robot|nama|name|your|is|what|lagi|ngapain|wkwk|haha|hehe|lol|ok|bye|dah|daa|sampai|jumpa|see|ya|thank|much|very|so|nice|cool|great)\s?)+$/;

/** Reads the signals of a normalised message. */
export function readSignals(message: NormalizedMessage): SignalReport {
  const tokens = message.tokens;
  const text = ` ${tokens.join(' ')} `;
  const reasons: string[] = [];
  const identifiers = message.identifiers.map((match) => ({ kind: match.kind }));

  const caseIdentifiers = message.identifiers.filter((match) => match.kind !== 'email' && match.kind !== 'phone');
  if (caseIdentifiers.length > 0) reasons.push(`identifier: ${[...new Set(caseIdentifiers.map((match) => match.kind))].join(', ')}`);

  const firstPerson =
    tokens.some((token) => POSSESSIVE_KU.test(token)) || new RegExp(String.raw` (?:${alt(FIRST_PERSON)}) `).test(text);
  const problem = findProblem(tokens);
  const paidButNot = / (?:sudah|already|i) (?:\S+ ){0,2}(?:bayar|dibayar|paid|pay|transfer|daftar|registrasi|register|registered|lapor|isi|kirim|sent|send|submitted|upload) (?:\S+ ){0,8}(?:tapi|tetapi|namun|but|kok|still|masih) (?:\S+ ){0,4}(?:belum|tidak|masih|not|no|still) /.test(text);
  const elapsed = ELAPSED.some((pattern) => pattern.test(text));
  const demand = DEMAND.some((pattern) => pattern.test(text));
  if (firstPerson && problem) reasons.push(`own case: first person with a problem ("${problem}")`);
  if (paidButNot) reasons.push('own case: done but not settled');
  if (elapsed) reasons.push('own case: elapsed time');
  if (demand) reasons.push('own case: asks for action');
  const ownCase = caseIdentifiers.length > 0 || (firstPerson && problem !== null) || paidButNot || elapsed || demand;

  const asksForHuman = ASKS_FOR_HUMAN.some((pattern) => pattern.test(text));
  if (asksForHuman) reasons.push('asks for a person');

  const incident = COMPLAINT.slice(0, 3).some((pattern) => pattern.test(text));
  const intent = COMPLAINT.slice(3).some((pattern) => pattern.test(text));
  // "How do I file a complaint?" is a question for the complaints entry, not a complaint.
  const complaint = incident || (intent && !HOW_TO.test(text));
  if (complaint) reasons.push('complaint about service or officers');

  const scam = SCAM.some((pattern) => pattern.test(text));
  if (scam) reasons.push('scam pattern');

  const customsVocabulary = caseIdentifiers.length > 0 || new RegExp(String.raw` (?:${alt(CUSTOMS_WORDS)}) `).test(text);
  const chitChat = tokens.length > 0 && CHIT_CHAT.test(tokens.join(' '));

  const hypothetical = !ownCase && / (?:kalau|seandainya|andaikan|misalkan|nanti|if|what if|what happens|will|would|supposing) /.test(text);

  return { signals: { identifiers, ownCase, asksForHuman, complaint, scam }, reasons, customsVocabulary, chitChat, hypothetical };
}

/** The first problem phrase that is stated, not hypothetical ("kalau diblokir?" is a question). */
function findProblem(tokens: readonly string[]): string | null {
  const text = ` ${tokens.join(' ')} `;
  for (const phrase of PROBLEM) {
    const at = text.indexOf(` ${phrase} `);
    if (at < 0) continue;
    const before = text.slice(0, at).trim().split(' ').slice(-5);
    if (before.some((word) => HYPOTHETICAL.includes(word))) continue;
    return phrase;
  }
  return null;
}
