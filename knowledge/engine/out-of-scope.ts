/**
 * What this service is not for (eval/README.md "fallback"): other government services and
 * everyday chat. These pseudo-entries sit in the same index as the FAQ so that a message about a
 * passport renewal competes with, and loses to, nothing in the knowledge base: when one of them
 * wins clearly, the decision is `fallback`. They are never answered; the dialog points to the right
 * place. Written from general knowledge of Indonesian public services, not from any test set.
 */
export interface OutOfScopeTopic {
  topic: string;
  phrases: { id: string[]; en: string[] };
}

export const OUT_OF_SCOPE_TOPICS: readonly OutOfScopeTopic[] = [
  {
    topic: 'outofscope.immigration',
    phrases: {
      id: [
        'cara membuat paspor baru di kantor imigrasi',
        'perpanjang paspor yang sudah habis masa berlaku',
        'paspor hilang harus lapor ke mana',
        'syarat pengajuan visa ke luar negeri',
        'izin tinggal kitas kitap untuk warga asing',
        'antrian paspor online aplikasi m-paspor',
        'visa on arrival perpanjangan di imigrasi',
        'overstay denda imigrasi',
        'ganti nama di paspor',
        'jadwal wawancara paspor',
      ],
      en: [
        'how to renew my passport',
        'apply for a new passport at the immigration office',
        'lost passport what should I do',
        'visa application requirements',
        'extend my visa on arrival',
        'stay permit kitas for foreigners',
        'overstay fine immigration',
        'immigration office appointment',
      ],
    },
  },
  {
    topic: 'outofscope.income_tax',
    phrases: {
      id: [
        'cara lapor spt tahunan pajak penghasilan',
        'batas waktu lapor spt tahunan orang pribadi',
        'lupa efin untuk e-filing djp online',
        'cara daftar npwp baru di kantor pajak',
        'pajak penghasilan gaji pph 21 karyawan',
        'bayar pajak kendaraan bermotor stnk',
        'bayar pbb rumah',
        'coretax djp aktivasi akun',
        'denda telat lapor spt',
        'bukti potong pajak dari kantor',
      ],
      en: [
        'how to file my annual income tax return',
        'deadline for the annual tax return',
        'forgot my efin for e-filing',
        'register for a tax number npwp at the tax office',
        'income tax on my salary',
        'pay vehicle tax',
        'property tax payment',
      ],
    },
  },
  {
    topic: 'outofscope.police',
    phrases: {
      id: [
        'cara membuat skck di kantor polisi',
        'perpanjang sim mobil motor',
        'lapor polisi kehilangan dompet',
        'motor saya dicuri lapor ke mana',
        'kena tilang cara bayar denda tilang',
        'kecelakaan lalu lintas lapor polisi',
        'rumah kemalingan',
        'nomor darurat polisi',
      ],
      en: [
        'how to get a police clearance certificate',
        'renew my driving licence',
        'report a stolen motorbike to the police',
        'pay a traffic ticket',
        'car accident report',
        'my wallet was stolen on the street',
      ],
    },
  },
  {
    topic: 'outofscope.weather',
    phrases: {
      id: ['cuaca hari ini bagaimana', 'apakah besok hujan', 'prakiraan cuaca jakarta', 'suhu udara hari ini panas', 'info banjir dan gempa bumi', 'musim hujan kapan mulai'],
      en: ['what is the weather today', 'will it rain tomorrow', 'weather forecast for bali', 'temperature today', 'earthquake and flood news'],
    },
  },
  {
    topic: 'outofscope.chitchat',
    phrases: {
      id: [
        'halo apa kabar',
        'kamu siapa namanya',
        'kamu robot atau bukan',
        'lagi apa sekarang',
        'ceritakan lelucon lucu',
        'sudah makan belum',
        'selamat pagi semuanya',
        'tes tes coba',
        'aku lagi bosan',
        'kamu tinggal di mana',
        'umur kamu berapa',
        'siapa presiden indonesia',
        'resep nasi goreng enak',
        'skor pertandingan bola tadi malam',
        'rekomendasi film bagus',
        'harga emas hari ini',
        'kurs bitcoin kripto',
        'pinjaman online cepat cair',
        'lowongan kerja terbaru',
        'aku suka kamu',
      ],
      en: [
        'hello how are you',
        'what is your name',
        'are you a robot',
        'tell me a joke',
        'what are you doing',
        'good morning everyone',
        'i am bored',
        'who is the president',
        'recommend a good movie',
        'football score last night',
        'recipe for fried rice',
        'bitcoin price today',
        'i love you',
      ],
    },
  },
  {
    topic: 'outofscope.other_services',
    phrases: {
      id: [
        'cara urus ktp elektronik yang rusak di dukcapil',
        'bikin kartu keluarga baru',
        'akta kelahiran anak',
        'daftar bpjs kesehatan',
        'klaim bpjs ketenagakerjaan jht',
        'penerbangan saya delay maskapai',
        'refund tiket pesawat dibatalkan maskapai',
        'koper rusak oleh maskapai klaim ke airline',
        'jadwal kereta api hari ini',
        'pesan tiket pesawat murah',
        'paket jne dari jakarta ke surabaya belum sampai',
        'kurir lokal telat antar paket dalam negeri',
        'ongkos kirim dalam negeri antar kota',
        'tagihan listrik pln naik',
        'pendaftaran sekolah anak',
        'cara nikah di kua',
        'bansos kapan cair',
        'cek saldo rekening bank',
      ],
      en: [
        'my flight is delayed by the airline',
        'refund for a cancelled plane ticket',
        'airline damaged my suitcase',
        'book a cheap hotel',
        'domestic delivery from jakarta to bandung is late',
        'local courier did not deliver my order within the city',
        'electricity bill',
        'open a bank account',
        'health insurance bpjs registration',
        'identity card replacement at the civil registry',
      ],
    },
  },
];
