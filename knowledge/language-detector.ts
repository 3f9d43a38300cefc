import { normalizeMessage } from './normalizer';

export type Language = 'id' | 'en';

export interface LanguageGuess {
  language: Language;
  /** 0.5 when undecided, towards 1 the clearer the evidence. */
  confidence: number;
  /** Evidence per language (weighted word hits). */
  scores: Record<Language, number>;
}

/*
 * Why a word-list scorer: general detectors (franc, tinyld, cld) are trained on sentences and
 * guess badly on 3-6 word chat messages ("my parcel is stuck" came out Afrikaans, "halo min"
 * Danish), confuse Indonesian with Malay, and the ESM-only ones do not load in CommonJS. Here only
 * two languages compete and chat is short, so frequent words of each language decide, with
 * affixes as a weaker hint for unknown words.
 */

/** Frequent Indonesian words (canonical forms after normalisation, so slang is covered). */
const INDONESIAN_WORDS = new Set([
  'yang', 'dan', 'di', 'ke', 'dari', 'ini', 'itu', 'dengan', 'untuk', 'pada', 'adalah', 'atau', 'juga', 'akan', 'karena', 'jadi', 'apa',
  'bagaimana', 'kenapa', 'kapan', 'mana', 'siapa', 'berapa', 'saya', 'kamu', 'anda', 'kami', 'kita', 'dia', 'mereka', 'tolong', 'mohon',
  'terima', 'kasih', 'saja', 'boleh', 'mau', 'ingin', 'cara', 'tanya', 'tentang', 'kalau', 'tapi', 'lagi', 'masih', 'sangat', 'banget',
  'sudah', 'belum', 'tidak', 'bisa', 'ada', 'harus', 'perlu', 'dapat', 'bayar', 'barang', 'paket', 'kiriman', 'kirim', 'dikirim', 'beli',
  'dibeli', 'bawa', 'membawa', 'dibawa', 'bawaan', 'pajak', 'bea', 'cukai', 'masuk', 'keluar', 'luar', 'negeri', 'dalam', 'berapa', 'lama',
  'hari', 'minggu', 'bulan', 'tahun', 'sampai', 'sejak', 'kemarin', 'sekarang', 'tertahan', 'diblokir', 'daftar', 'mendaftar', 'apakah',
  'bagaimana', 'gimana', 'begitu', 'seperti', 'lebih', 'kurang', 'batas', 'bebas', 'tarif', 'biaya', 'harga', 'uang', 'tunai', 'rokok',
  'minuman', 'obat', 'hewan', 'kucing', 'anjing', 'tanaman', 'petugas', 'kantor', 'buka', 'jam', 'layanan', 'pengaduan', 'lapor', 'melapor',
  'penipuan', 'ditipu', 'transfer', 'rekening', 'nomor', 'sama', 'orang', 'teman', 'keluarga', 'penumpang', 'bandara', 'pesawat', 'kapal',
  'oleh', 'punya', 'milik', 'baru', 'bekas', 'pakai', 'dipakai', 'untuk', 'buat', 'dijual', 'jual', 'hadiah', 'lomba', 'pindah', 'pulang',
  'datang', 'tiba', 'berangkat', 'sebelum', 'setelah', 'kalau', 'jika', 'sih', 'dong', 'kok', 'nih', 'deh', 'halo', 'selamat', 'pagi', 'siang',
  'malam', 'sore', 'tolong', 'dicek', 'cek', 'dibantu', 'bantu', 'kenapa', 'gak', 'terus', 'habis', 'dulu', 'nanti', 'tadi', 'banyak',
  'sedikit', 'semua', 'setiap', 'per', 'orang', 'dokumen', 'diminta', 'minta', 'surat', 'izin', 'aturan', 'peraturan', 'ketentuan', 'resmi',
  'palsu', 'asli', 'ditahan', 'disita', 'dilelang', 'lelang', 'kena', 'dikenakan', 'pungutan', 'denda', 'apa', 'itu', 'kah', 'lah', 'nya',
  'menurut', 'aku', 'hp', 'juta', 'ribu', 'persen', 'liter', 'batang', 'haji', 'umrah', 'jemaah', 'gratis',
  'mahal', 'murah', 'benar', 'salah', 'gagal', 'berhasil', 'aktif', 'hilang', 'rusak', 'cuaca', 'hujan', 'pinjam', 'kerja', 'pekerja',
  'kapan', 'dimana', 'bagaimanakah', 'apakah', 'mengapa', 'seharusnya', 'kenapa', 'waktu', 'tempat', 'resi', 'diterima', 'penerima', 'pengirim',
]);

const ENGLISH_WORDS = new Set([
  'the', 'a', 'an', 'and', 'or', 'but', 'if', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'about', 'is', 'am', 'are', 'was',
  'were', 'be', 'been', 'do', 'does', 'did', 'have', 'has', 'had', 'will', 'would', 'should', 'can', 'could', 'may', 'might', 'must', 'what',
  'which', 'who', 'when', 'where', 'why', 'how', 'much', 'many', 'my', 'your', 'our', 'their', 'his', 'her', 'it', 'its', 'i', 'you', 'we',
  'they', 'he', 'she', 'me', 'us', 'them', 'this', 'that', 'these', 'those', 'there', 'here', 'not', 'no', 'yes', 'please', 'thanks', 'hello',
  'hi', 'need', 'want', 'know', 'tell', 'ask', 'get', 'got', 'bring', 'brought', 'carry', 'pay', 'paid', 'send', 'sent', 'buy', 'bought',
  'parcel', 'customs', 'duty', 'duties', 'tax', 'taxes', 'import', 'export', 'goods', 'item', 'items', 'allowance', 'limit', 'free', 'fee',
  'fees', 'rate', 'rates', 'still', 'stuck', 'held', 'blocked', 'register', 'registered', 'registration', 'officer',
  'officers', 'human', 'agent', 'person', 'talk', 'speak', 'complaint', 'complain', 'scam', 'fake', 'money', 'cash', 'arrival', 'arriving',
  'airport', 'flight', 'passenger', 'travel', 'trip', 'abroad', 'overseas', 'country', 'days', 'weeks', 'week', 'month', 'months', 'since',
  'already', 'yet', 'after', 'before', 'over', 'under', 'more', 'less', 'than', 'any', 'some', 'all', 'each', 'every', 'per', 'just', 'only',
  'also', 'too', 'very', 'really', 'again', 'now', 'still', 'then', 'so', 'because', 'without', 'within', 'into', 'out', 'up', 'down', 'off',
  'check', 'track', 'tracking', 'number', 'office', 'hours', 'open', 'contact', 'call', 'help', 'someone', 'somebody',
  'cigarettes', 'cigarette', 'alcohol', 'wine', 'medicine', 'medicines', 'pet', 'pets', 'cat', 'dog', 'plants', 'gift', 'gifts', 'prize',
  'package', 'shipment', 'shipping', 'courier', 'delivery', 'delivered', 'order', 'ordered', 'shop', 'store', 'bought', 'sell', 'selling',
  'refund', 'return', 'returned', 'declare', 'declaration', 'form', 'fill', 'value', 'worth', 'does',
  'cannot', 'ok', 'okay', 'sir', 'madam', 'dear', 'good', 'morning', 'evening', 'weather', 'today', 'tomorrow', 'yesterday', 'wait', 'waiting',
  'long', 'take', 'takes', 'take', 'make', 'way', 'like', 'new', 'used', 'old', 'own', 'personal', 'use', 'family', 'friend', 'wife', 'husband',
  'excise', 'stamp', 'auction', 'seized', 'pilgrims', 'pilgrimage', 'worker', 'workers', 'moving', 'household', 'license', 'licence', 'bonded',
  'zone', 'objection', 'appeal', 'quarantine', 'animals', 'passport', 'income', 'police', 'lost', 'stolen', 'wrong', 'rude', 'slow',
]);

const INDONESIAN_AFFIX = /^(me[mnr]?|mem|meng|meny|di|ber|ter|pe[mn]?|peng|ke)\p{L}{3,}|\p{L}{3,}(kan|nya|lah|kah|an)$/u;
const ENGLISH_AFFIX = /^\p{L}{2,}(tion|sion|ing|ed|ly|ness|ment|ful|less|able|ous|ies)$|^(th|wh)|w/u;

/**
 * Guesses whether a message is Indonesian or English. Ties go to Indonesian, the citizens' main
 * language. Accepts raw text or the tokens of a normalised message.
 */
export function detectLanguage(input: string | readonly string[]): LanguageGuess {
  const tokens = typeof input === 'string' ? normalizeMessage(input).tokens : input;
  const scores: Record<Language, number> = { id: 0, en: 0 };
  for (const token of tokens) {
    if (token.startsWith('__') || /^\d/.test(token)) continue;
    const inIndonesian = INDONESIAN_WORDS.has(token);
    const inEnglish = ENGLISH_WORDS.has(token);
    if (inIndonesian && !inEnglish) scores.id += 1;
    else if (inEnglish && !inIndonesian) scores.en += 1;
    else if (!inIndonesian && !inEnglish && token.length >= 4) {
      if (INDONESIAN_AFFIX.test(token)) scores.id += 0.3;
      if (ENGLISH_AFFIX.test(token)) scores.en += 0.3;
    }
  }
  const total = scores.id + scores.en;
  if (total === 0) return { language: 'id', confidence: 0.5, scores };
  const language: Language = scores.en > scores.id ? 'en' : 'id';
  const confidence = 0.5 + (0.5 * Math.abs(scores.id - scores.en)) / (total + 1);
  return { language, confidence, scores };
}
