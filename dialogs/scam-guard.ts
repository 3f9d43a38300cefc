import { normalizeMessage } from '../knowledge/normalizer';

/**
 * The signals of the fake-customs-fee scam (customs-brief.md, `scam.*` topics). Strong ones are
 * a scam on their own; weak ones are ordinary words in an ordinary question ("bisa bayar pakai
 * OVO?", "apakah bisa dipenjara?") and count only in pairs.
 */
export type ScamSignal =
  /** Strong: payment to a personal bank account ("rekening pribadi", "atas nama", "bendahara lelang"). */
  | 'personal-account-transfer'
  /** Strong: a parcel sent within Indonesia said to be held by customs (customs handles only goods from abroad or FTZ). */
  | 'domestic-held'
  /** Strong: a customs auction or seized goods offered on social media, chat groups, or cheap. */
  | 'social-media-auction'
  /** Strong: someone claims to be customs, or "customs" calls or chats and asks for money. */
  | 'fake-officer-contact'
  /** Strong: a "diplomatic" parcel. */
  | 'diplomatic-package'
  /** Strong: the citizen already paid a scammer. */
  | 'already-paid'
  /** Weak: an e-wallet (DANA, OVO, GoPay, ShopeePay, LinkAja) named as the way to pay. */
  | 'e-wallet'
  /** Weak: threats of prison, arrest, police, or a fine unless paid now. */
  | 'threat'
  /** Weak: a deadline to pay ("hari ini juga", "dalam 1 jam"). */
  | 'urgency'
  /** Weak: someone demands a payment or transfer to release goods ("disuruh transfer", "tebus"). */
  | 'payment-demand'
  /** Weak: a gift or parcel from an online partner or acquaintance. */
  | 'romance-gift'
  /** Weak: "customs" phoned, texted or messaged the citizen (customs does not collect money that way). */
  | 'unsolicited-contact'
  /** Weak: the citizen names a scam or asks whether it is one. */
  | 'scam-word';

export interface ScamCheck {
  suspected: boolean;
  /** Every signal found, strong ones first. */
  signals: ScamSignal[];
  /** Knowledge entry ids that answer the signals found, most specific first (empty when not suspected). */
  entryIds: string[];
}

export const STRONG_SCAM_SIGNALS: ReadonlySet<ScamSignal> = new Set<ScamSignal>([
  'personal-account-transfer', 'domestic-held', 'social-media-auction', 'fake-officer-contact', 'diplomatic-package', 'already-paid',
]);

/**
 * The seed entries (knowledge/seed/scams-contact.json, trade.json) that answer each signal. Topic
 * keys are the knowledge base's stable contract (DESIGN.md section 4); `#case` entries hand off.
 */
export const SCAM_ENTRIES_BY_SIGNAL: Readonly<Record<ScamSignal, readonly string[]>> = {
  'personal-account-transfer': ['scam.fake_customs_fee', 'payment.billing_code'],
  'domestic-held': ['scam.fake_customs_fee'],
  'social-media-auction': ['scam.fake_auction', 'auction.customs_goods'],
  'fake-officer-contact': ['scam.fake_customs_fee', 'contact.channels'],
  'diplomatic-package': ['scam.fake_customs_fee'],
  'already-paid': ['scam.already_paid#case', 'scam.already_paid'],
  'e-wallet': ['scam.fake_customs_fee', 'payment.billing_code'],
  threat: ['scam.fake_customs_fee'],
  urgency: ['scam.fake_customs_fee'],
  'payment-demand': ['scam.fake_customs_fee'],
  'romance-gift': ['scam.fake_customs_fee'],
  'unsolicited-contact': ['scam.fake_customs_fee', 'contact.channels'],
  'scam-word': ['scam.fake_customs_fee'],
};

/** Weak signals that describe someone acting on the citizen; a pair of weak signals needs one of them. */
const PRESSURE_SIGNALS: ReadonlySet<ScamSignal> = new Set<ScamSignal>(['payment-demand', 'threat', 'unsolicited-contact', 'romance-gift', 'scam-word']);

const escapeRegExp = (word: string): string => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alt = (words: readonly string[]): string => words.map(escapeRegExp).join('|');
const has = (words: readonly string[]): RegExp => new RegExp(String.raw` (?:${alt(words)}) `);
const near = (left: readonly string[], right: readonly string[], gap: number): RegExp =>
  new RegExp(String.raw` (?:${alt(left)}) (?:\S+ ){0,${gap}}(?:${alt(right)}) `);
const eitherOrder = (left: readonly string[], right: readonly string[], gap: number): RegExp[] => [near(left, right, gap), near(right, left, gap)];

const CUSTOMS = ['bea cukai', 'customs', 'pabean', 'petugas bea cukai', 'custom'];
const PAY = ['transfer', 'bayar', 'membayar', 'dibayar', 'pay', 'paid', 'payment', 'kirim uang', 'send money', 'sent money', 'setor', 'deposit', 'tebus', 'biaya', 'fee', 'denda', 'fine', 'uang', 'money'];

/* Strong signals */

const PERSONAL_ACCOUNT = [
  'rekening pribadi', 'rekening perorangan', 'rekening atas nama', 'atas nama pribadi', 'rekening orang', 'rekening petugas', 'personal account',
  'private account', 'personal bank account', 'individual account', 'account in the name', 'account under the name', 'bendahara lelang',
  'auction treasurer', 'rekening bendahara',
];
const PERSONAL_ACCOUNT_TRANSFER = [
  ...eitherOrder(PAY, PERSONAL_ACCOUNT, 6),
  // Duties are paid with a billing code, never "into an account": a named bank or holder is someone's account.
  / (?:transfer|bayar|pay|send|kirim|setor) (?:\S+ ){0,4}(?:ke|to|into) (?:nomor )?(?:rekening|account|bank account) (?:bank )?(?:bca|bri|bni|mandiri|bsi|cimb|danamon|permata|btn|atas|a n|an|milik|punya|orang|pribadi|petugas|of) /,
];

const DOMESTIC_ORIGINS = [
  'dalam negeri', 'domestik', 'domestic', 'luar kota', 'antar kota', 'antarkota', 'antar pulau', 'jakarta', 'surabaya', 'bandung', 'medan', 'semarang',
  'makassar', 'palembang', 'yogyakarta', 'jogja', 'jogjakarta', 'yogya', 'solo', 'surakarta', 'malang', 'denpasar', 'bali', 'bekasi', 'tangerang',
  'depok', 'bogor', 'padang', 'pekanbaru', 'balikpapan', 'samarinda', 'banjarmasin', 'pontianak', 'manado', 'kupang', 'mataram', 'jayapura', 'ambon',
  'lampung', 'aceh', 'banda aceh', 'cirebon', 'sidoarjo', 'gresik', 'kediri', 'jember', 'tasikmalaya', 'sukabumi', 'garut', 'magelang', 'purwokerto',
  'tegal', 'pekalongan', 'kudus', 'jambi', 'bengkulu', 'palu', 'kendari', 'gorontalo', 'ternate', 'sorong', 'jawa', 'jawa barat', 'jawa tengah',
  'jawa timur', 'sumatra', 'sumatera', 'kalimantan', 'sulawesi', 'papua', 'ntt', 'ntb', 'madura', 'serang', 'cilegon', 'karawang', 'cikarang',
];
/** Goods from the free trade zones do pass customs: a parcel "dari Batam" may really be held. */
const FREE_TRADE_ZONES = ['batam', 'bintan', 'karimun', 'tanjung pinang', 'tanjungpinang', 'sabang'];
/** A parcel to or from abroad does pass customs, even when it was sent from an Indonesian city. */
const ABROAD = [
  'luar negeri', 'abroad', 'overseas', 'internasional', 'international', 'impor', 'import', 'ekspor', 'export', 'singapura', 'singapore', 'malaysia',
  'china', 'cina', 'tiongkok', 'jepang', 'japan', 'korea', 'amerika', 'usa', 'america', 'australia', 'hong kong', 'hongkong', 'taiwan', 'saudi', 'arab',
  'uk', 'inggris', 'eropa', 'europe', 'belanda', 'jerman', 'germany', 'thailand', 'vietnam', 'india', 'filipina', 'philippines', 'timor leste', 'brunei',
];
const HELD = ['tertahan', 'disita', 'seized', 'held', 'stuck', 'detained', 'diamankan', 'diperiksa', 'ditangkap'];
const DOMESTIC_ORIGIN = new RegExp(String.raw` (?:dari|from|asal|kirim dari|sent from|dikirim dari) (?:kota |provinsi |pulau )?(?:${alt(DOMESTIC_ORIGINS)}) `);
const DOMESTIC_SHIPMENT = / (?:pengiriman|paket|kiriman|parcel|barang) (?:dalam negeri|domestik|domestic|lokal|local|antar kota|antar pulau) /;
const HELD_BY_CUSTOMS = [...eitherOrder(HELD, CUSTOMS, 4)];
const HAS_FTZ = has(FREE_TRADE_ZONES);
const HAS_ABROAD = has(ABROAD);

const AUCTION = ['lelang', 'auction', 'auctions', 'barang sitaan', 'sitaan', 'seized', 'rampasan', 'barang tegahan'];
/** Real auctions are announced only on lelang.go.id, in newspapers and on DJBC's site (customs-brief.md `auction.customs_goods`). */
const OFF_SITE = [
  'instagram', 'ig', 'facebook', 'fb', 'tiktok', 'twitter', 'telegram', 'whatsapp', 'wa', 'grup', 'group', 'medsos', 'media sosial', 'sosmed',
  'social media', 'marketplace', 'dm', 'sms', 'tertutup', 'closed', 'iklan', 'ads', 'advert',
];
const SOCIAL_MEDIA_AUCTION = eitherOrder(AUCTION, OFF_SITE, 6);
/** Seized goods sold cheap: "barang sitaan murah", "seized iPhones at half price". */
const SEIZED_FOR_SALE = eitherOrder(
  ['jual', 'dijual', 'menjual', 'sells', 'selling', 'sale', 'for sale', 'murah', 'cheap', 'setengah harga', 'half price', 'diskon', 'discount'],
  ['sitaan', 'seized', 'rampasan', 'tegahan'],
  4,
);

const CLAIMS = ['ngaku', 'mengaku', 'ngakunya', 'mengatasnamakan', 'catut', 'mencatut', 'claiming', 'claims to be', 'claimed to be', 'pretending', 'pretend', 'posing as', 'impersonating'];
const CUSTOMS_PEOPLE = ['bea cukai', 'petugas', 'customs', 'officer', 'pabean', 'pegawai', 'agent'];
const CLAIMS_TO_BE_CUSTOMS = [
  near(CLAIMS, CUSTOMS_PEOPLE, 3),
  / (?:petugas|officer|pegawai|agent) (?:bea cukai |customs )?(?:palsu|gadungan|fake|bogus) /,
  / (?:fake|palsu|gadungan|bogus) (?:bea cukai|customs|petugas|officer|pegawai) /,
];
/** Customs does not phone, text or DM citizens to collect money. */
const CONTACTED = [
  'ditelepon', 'menelepon', 'nelpon', 'nelepon', 'telepon saya', 'telpon saya', 'wa saya', 'whatsapp saya', 'sms saya', 'dm saya', 'chat saya',
  'menghubungi saya', 'hubungi saya', 'dapat telepon', 'dapat sms', 'dapat wa', 'dapat pesan', 'ada telepon', 'ada sms', 'ada wa', 'called me',
  'call me', 'texted me', 'messaged me', 'whatsapped me', 'dm me', 'dmed me', 'contacted me', 'got a call', 'got a whatsapp', 'got an sms', 'got a text',
  'got a message', 'video call',
];
const CUSTOMS_CONTACTED = eitherOrder(CUSTOMS.concat(['petugas', 'officer']), CONTACTED, 4);
const MONEY_DEMANDED = has(['transfer', 'bayar', 'pay', 'tebus', 'biaya', 'fee', 'denda', 'fine', 'uang', 'money', 'rekening', 'account']);

const DIPLOMATIC = has(['paket diplomatik', 'kiriman diplomatik', 'barang diplomatik', 'diplomatic package', 'diplomatic parcel', 'diplomatic bag', 'diplomatic box', 'diplomat']);

/** The one paid was a scammer: "sudah transfer ke penipu", "already sent money to a fake officer". */
const SCAMMER = ['penipu', 'scammer', 'scam', 'fraud', 'fake', 'palsu', 'gadungan', 'ngaku', 'mengaku', 'claiming', 'pretending', 'impersonating', 'mengatasnamakan'];
const PAID = ['transfer', 'mentransfer', 'ditransfer', 'bayar', 'membayar', 'dibayar', 'kirim', 'mengirim', 'send', 'pay'];
const ALREADY_PAID = near(['sudah', 'terlanjur', 'already', 'telah', 'i'], PAID, 2);
const PAID_TO_SCAMMER = near(PAID, SCAMMER, 6);
const VICTIM = new RegExp(String.raw` (?:tertipu|ditipu|ketipu|kena tipu|korban penipuan|been scammed|got scammed|was scammed|scammed) `, 'g');
/** "takut ketipu", "so I don't get scammed": a fear, not a loss. */
const FEAR = new Set(['takut', 'khawatir', 'kuatir', 'cemas', 'agar', 'supaya', 'biar', 'jangan', 'hindari', 'menghindari', 'avoid', 'afraid', 'worried', 'scared', 'not', 'never', 'dont', 'tidak']);

function reportsBeingScammed(message: string): boolean {
  for (const match of message.matchAll(VICTIM)) {
    const before = message.slice(0, match.index).trim().split(' ').slice(-3);
    if (!before.some((word) => FEAR.has(word))) return true;
  }
  return false;
}

/* Weak signals */

const E_WALLET = has(['dana', 'ovo', 'gopay', 'go pay', 'shopeepay', 'shopee pay', 'linkaja', 'link aja', 'e wallet', 'ewallet', 'dompet digital', 'pulsa']);
const THREAT = [
  has(['dipenjara', 'penjara', 'dipidana', 'ditangkap', 'tangkap', 'diproses hukum', 'jalur hukum', 'arrested', 'arrest', 'jail', 'prison', 'diancam', 'ancam', 'mengancam', 'ancaman', 'threat', 'threatened', 'threatening', 'blacklist', 'diblacklist']),
  // Being reported to the police is a threat; the citizen reporting to the police is not.
  / (?:dilaporkan|dilapor|diserahkan|dibawa|reported|report you|call the) (?:ke |kepada |to |the )*(?:polisi|kepolisian|police) /,
  / (?:denda|didenda|fine|fined|sanksi) (?:\S+ ){0,4}(?:kalau|jika|if|unless|kalo) (?:tidak|not|do not|dont) (?:\S+ ){0,2}(?:bayar|transfer|pay|tebus|ditebus) /,
];
const URGENCY = / (?:hari ini juga|hari ini|sekarang juga|segera|secepatnya|dalam \d+ (?:jam|menit|hours?|minutes?)|batas waktu|sebelum jam|today|right now|immediately|asap|within \d+ (?:hours?|minutes?)|deadline|urgent) /;
const PAYMENT_DEMAND = [
  // Being told to pay by someone, not an obligation in general ("berapa yang harus dibayar?").
  near(
    ['disuruh', 'diminta', 'dimintai', 'suruh', 'nyuruh', 'menyuruh', 'minta', 'meminta', 'told me to', 'tells me to', 'asked me to', 'asks me to', 'asking me to', 'asked to', 'demanded', 'demanding', 'demands', 'wants me to', 'want me to', 'asking for'],
    ['transfer', 'bayar', 'tebus', 'pay', 'send', 'uang', 'money', 'biaya', 'fee'],
    3,
  ),
  has(['tebus', 'ditebus', 'menebus', 'tebusan', 'uang tebusan', 'release fee', 'clearance fee']),
];
const ROMANCE = has([
  'pacar online', 'kenalan online', 'teman online', 'kenalan di facebook', 'kenalan di instagram', 'kenalan di medsos', 'online boyfriend', 'online girlfriend',
  'boyfriend', 'girlfriend', 'pacar', 'kekasih', 'tunangan', 'fiance', 'online friend', 'dating', 'tinder', 'kenalan', 'lover',
]);
const SCAM_WORD = has(['penipuan', 'penipu', 'tipu', 'scam', 'scammer', 'fraud', 'hoax', 'hoaks', 'phishing', 'modus']);

function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/**
 * Reads a message for the fake-customs-fee scam: one strong signal, or two weak ones of which one
 * shows someone pressing the citizen (a demand, a threat, a call, an online partner), make it
 * suspected. Ordinary questions ("berapa bea masuk paket dari China?", "cara bayar billing di
 * bank") carry none or one weak signal and pass. Never throws.
 */
export function detectScam(text: string): ScamCheck {
  const normalized = normalizeMessage(typeof text === 'string' ? text : '');
  const message = ` ${normalized.tokens.map((token) => token.replace(/^(\p{L}{3,})nya$/u, '$1')).join(' ')} `;
  const found = new Set<ScamSignal>();

  if (matchesAny(PERSONAL_ACCOUNT_TRANSFER, message)) found.add('personal-account-transfer');
  const domesticHeld =
    (DOMESTIC_ORIGIN.test(message) || DOMESTIC_SHIPMENT.test(message)) && matchesAny(HELD_BY_CUSTOMS, message) && !HAS_FTZ.test(message) && !HAS_ABROAD.test(message);
  if (domesticHeld) found.add('domestic-held');
  if (matchesAny(SOCIAL_MEDIA_AUCTION, message) || matchesAny(SEIZED_FOR_SALE, message)) found.add('social-media-auction');
  if (matchesAny(CLAIMS_TO_BE_CUSTOMS, message) || (matchesAny(CUSTOMS_CONTACTED, message) && MONEY_DEMANDED.test(message) && matchesAny(PAYMENT_DEMAND, message))) {
    found.add('fake-officer-contact');
  }
  if (DIPLOMATIC.test(message)) found.add('diplomatic-package');
  if (reportsBeingScammed(message) || (ALREADY_PAID.test(message) && PAID_TO_SCAMMER.test(message))) found.add('already-paid');

  if (E_WALLET.test(message)) found.add('e-wallet');
  if (matchesAny(THREAT, message)) found.add('threat');
  if (URGENCY.test(message)) found.add('urgency');
  if (matchesAny(PAYMENT_DEMAND, message)) found.add('payment-demand');
  if (matchesAny(CUSTOMS_CONTACTED, message) && !found.has('fake-officer-contact')) found.add('unsolicited-contact');
  if (ROMANCE.test(message)) found.add('romance-gift');
  if (SCAM_WORD.test(message)) found.add('scam-word');

  const signals = [...found].sort((left, right) => Number(STRONG_SCAM_SIGNALS.has(right)) - Number(STRONG_SCAM_SIGNALS.has(left)));
  const strong = signals.filter((signal) => STRONG_SCAM_SIGNALS.has(signal)).length;
  const weak = signals.filter((signal) => !STRONG_SCAM_SIGNALS.has(signal));
  // "bisa bayar pakai OVO hari ini?" has two weak signals but nobody pressing the citizen.
  const suspected = strong > 0 || (weak.length >= 2 && weak.some((signal) => PRESSURE_SIGNALS.has(signal)));
  const entryIds = suspected ? [...new Set(signals.flatMap((signal) => SCAM_ENTRIES_BY_SIGNAL[signal]))] : [];
  return { suspected, signals, entryIds };
}
