import { Stemmer } from 'sastrawijs';
import porter2 from 'wink-porter2-stemmer';

/**
 * Indonesian stemming (Sastrawi through sastrawijs, with its dictionary extended by customs terms
 * and a few corrections) and English stemming (Porter2 through wink-porter2-stemmer), plus the
 * stop words of both languages. Stems are cached: the vocabulary of chat messages is small.
 */

/**
 * Roots missing from Sastrawi's dictionary. Without them a suffixed form stays whole
 * ("billingnya", "imeinya") or loses the wrong affix.
 */
export const EXTRA_INDONESIAN_ROOTS: readonly string[] = [
  'imei', 'billing', 'vape', 'jastip', 'olshop', 'pmi', 'ecd', 'cn', 'awb', 'npwp', 'nik', 'ktp', 'pib', 'peb', 'pibk', 'sppbmcp', 'sptnp',
  'nppbkc', 'kite', 'hptl', 'mmea', 'bkc', 'cht', 'hje', 'pdri', 'ppn', 'pph', 'ppnbm', 'fob', 'tps', 'tpp', 'tpb', 'btd', 'bdn', 'bmn', 'lartas',
  'pjt', 'ppjk', 'ppmse', 'hkt', 'skm', 'skt', 'spm', 'ceisa', 'insw', 'sipuma', 'djkn', 'kpknl', 'kppbc', 'kanwil', 'reekspor', 'marketplace',
  'tracking', 'upload', 'cek', 'handphone', 'iphone', 'laptop', 'tablet', 'bravo', 'whatsapp', 'email', 'website', 'online', 'offline', 'aplikasi',
  'barcode', 'scan', 'invoice', 'refund', 'transfer', 'rekening', 'paspor', 'visa', 'umrah', 'haji', 'kurir', 'ekspedisi', 'gudang', 'status',
  'sertifikat', 'karantina', 'fitosanitari', 'vaksin', 'rabies', 'cites', 'hologram', 'oleholeh', 'preorder', 'cod', 'admin', 'customs', 'pos',
  'dhl', 'fedex', 'ups', 'ems', 'tokopedia', 'shopee', 'lazada', 'aliexpress', 'amazon', 'ebay', 'temu', 'shein', 'taobao',
];

/** Words Sastrawi gets wrong for this domain (a dictionary word hides the real root, or the root is missing). */
export const INDONESIAN_STEM_OVERRIDES: Readonly<Record<string, string>> = {
  penanganan: 'tangan', penolakan: 'tolak', pengembalian: 'kembali', pengembaliannya: 'kembali', pemberitahuan: 'beritahu',
  diberitahu: 'beritahu', pemindahan: 'pindah', penangguhan: 'tangguh', terkena: 'kena', pengecer: 'ecer', keberatan: 'keberatan',
  keberatannya: 'keberatan', mengajukan: 'aju', pengajuan: 'aju', diajukan: 'aju', pemeriksaan: 'periksa', penetapan: 'tetap',
  mengatasnamakan: 'atasnama', pengiriman: 'kirim', pengirim: 'kirim', penumpang: 'penumpang', penumpangnya: 'penumpang',
  berikat: 'berikat', perbatasan: 'batas', pembatasan: 'batas', pelintas: 'lintas', bawaan: 'bawa', pindahan: 'pindah',
  terdaftar: 'daftar', registrasi: 'daftar', diregistrasi: 'daftar', meregistrasi: 'daftar', teregistrasi: 'daftar', registrasinya: 'daftar',
  register: 'daftar', diregister: 'daftar', teregister: 'daftar', pendaftaran: 'daftar', mendaftarkan: 'daftar', didaftarkan: 'daftar',
  mendaftar: 'daftar', daftarin: 'daftar', didaftarin: 'daftar', terblokir: 'blokir', diblokir: 'blokir', keblokir: 'blokir', pemblokiran: 'blokir',
  ngeblok: 'blokir', diblok: 'blokir', keblok: 'blokir', keluarin: 'keluar', dikeluarin: 'keluar', dikeluarkan: 'keluar', mengeluarkan: 'keluar',
  pengeluaran: 'keluar', kepabeanan: 'pabean', dikenakan: 'kena', kenakan: 'kena', dikenakannya: 'kena',
};

const baseDictionary = Object.keys(new Stemmer().print() as Record<string, string>);
// addToDict() of sastrawijs 1.1.0 throws (it loses `this`); a stemmer built with the whole list works.
const indonesianStemmer = new Stemmer([...baseDictionary, ...EXTRA_INDONESIAN_ROOTS]);

const indonesianCache = new Map<string, string>();
const englishCache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

function remember(cache: Map<string, string>, word: string, stem: string): string {
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(word, stem);
  return stem;
}

/** Sastrawi stem of one lowercase Indonesian word (`kiriman` → `kirim`, `dikenakan` → `kena`). */
export function stemIndonesian(word: string): string {
  const cached = indonesianCache.get(word);
  if (cached !== undefined) return cached;
  if (word.length < 4 || /[^a-z]/.test(word)) return remember(indonesianCache, word, word);
  const override = Object.hasOwn(INDONESIAN_STEM_OVERRIDES, word) ? INDONESIAN_STEM_OVERRIDES[word] : undefined;
  return remember(indonesianCache, word, override ?? indonesianStemmer.stem(word));
}

/** Porter2 stem of one lowercase English word (`parcels` → `parcel`, `declaring` → `declar`). */
export function stemEnglish(word: string): string {
  const cached = englishCache.get(word);
  if (cached !== undefined) return cached;
  if (word.length < 4 || /[^a-z]/.test(word)) return remember(englishCache, word, word);
  return remember(englishCache, word, porter2(word));
}

/** True when Sastrawi knows the word (or its stem) as an Indonesian root. */
export function isIndonesianDictionaryWord(word: string): boolean {
  return indonesianStemmer.find(word) || indonesianStemmer.find(stemIndonesian(word));
}

/**
 * Indonesian function words: question words, pronouns, particles, politeness and fillers. Words that
 * carry meaning for routing here are deliberately absent: `luar`, `dalam`, `masuk`, `keluar`,
 * `kembali`, `sudah`, `belum`, `tidak`, `bisa`, `lama`, `hari`, `bulan`, `tahun`, `kasus`, `masalah`.
 */
export const INDONESIAN_STOP_WORDS: ReadonlySet<string> = new Set([
  'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'dengan', 'untuk', 'pada', 'adalah', 'ialah', 'merupakan', 'atau', 'juga', 'akan', 'karena',
  'jadi', 'apa', 'bagaimana', 'kenapa', 'kapan', 'mana', 'siapa', 'berapa', 'saya', 'kamu', 'anda', 'kami', 'kita', 'dia', 'mereka', 'beliau',
  'ia', 'nya', 'ku', 'mu', 'tolong', 'mohon', 'halo', 'hai', 'hallo', 'selamat', 'pagi', 'siang', 'sore', 'malam', 'terima', 'kasih', 'admin',
  'lah', 'kah', 'pun', 'saja', 'sudahkah', 'bolehkah', 'boleh', 'mau', 'ingin', 'hendak', 'cara', 'caranya', 'tanya', 'informasi', 'tentang',
  'mengenai', 'soal', 'terkait', 'seperti', 'kalau', 'tapi', 'lagi', 'masih', 'sangat', 'banget', 'sekali', 'amat', 'oke', 'sama', 'begitu',
  'begini', 'sini', 'situ', 'sana', 'tersebut', 'para', 'sebuah', 'suatu', 'se', 'oleh', 'bagi', 'agar', 'supaya', 'sebagai', 'yaitu', 'yakni',
  'hal', 'memang', 'benar', 'dong', 'kok', 'nih', 'sih', 'deh', 'punya', 'ada', 'mohon', 'permisi', 'maaf', 'assalamualaikum', 'salam', 'wr',
  'wb', 'tanyakan', 'menanyakan', 'bertanya', 'jelaskan', 'penjelasan', 'dijelaskan', 'apakah', 'gimana', 'bgmn', 'seperti', 'atas', 'kepada',
  'daripada', 'terus', 'dulu', 'nanti', 'tadi', 'aja', 'kak', 'tersebut', 'harus', 'perlu', 'bisakah', 'dapat', 'bisa', 'bantu', 'bantuan',
  'dibantu', 'membantu', 'semoga', 'moga', 'mengerti', 'jelas', 'kira', 'kiranya', 'gitu', 'begitu', 'kayak', 'kaya', 'contoh', 'misal', 'misalnya',
]);

/** English function words (a short classic list minus words that carry meaning here: over, under, before, after, without). */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'if', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'about', 'as', 'into', 'than', 'then',
  'so', 'that', 'this', 'these', 'those', 'there', 'here', 'it', 'its', 'i', 'me', 'my', 'mine', 'we', 'our', 'us', 'you', 'your', 'he', 'she',
  'him', 'her', 'his', 'they', 'them', 'their', 'is', 'am', 'are', 'was', 'were', 'be', 'been', 'being', 'do', 'does', 'did', 'doing', 'have',
  'has', 'had', 'having', 'will', 'would', 'shall', 'should', 'can', 'could', 'may', 'might', 'must', 'what', 'which', 'who', 'whom', 'whose',
  'when', 'where', 'why', 'how', 'much', 'many', 'some', 'any', 'all', 'each', 'every', 'also', 'just', 'very', 'too', 'really', 'please',
  'hello', 'hi', 'hey', 'thanks', 'thank', 'admin', 'sir', 'madam', 'maam', 'dear', 'good', 'morning', 'afternoon', 'evening', 'kindly',
  'need', 'want', 'know', 'like', 'tell', 'ask', 'asking', 'question', 'information', 'info', 'anyone', 'someone', 'something', 'anything',
  'get', 'got', 'way', 'one', 'ok', 'oke', 'yes', 'well', 'let', 'still', 'now', 'currently', 'regarding', 'going', 'want', 'able', 'help',
  'helps', 'understand', 'explain', 'example', 'guys', 'folks', 'hope', 'wondering', 'wonder', 'curious', 'thing', 'kind', 'sort', 'actually',
]);

/**
 * True for a function word of either language, also in an affixed form (`diperlukan` is `perlu`).
 * Identifier placeholders and numbers are never stop words.
 */
export function isStopWord(token: string): boolean {
  if (INDONESIAN_STOP_WORDS.has(token) || ENGLISH_STOP_WORDS.has(token)) return true;
  if (token.length < 5 || token.startsWith('__')) return false;
  return INDONESIAN_STOP_WORDS.has(stemIndonesian(token));
}
