import type { MessageCatalog } from './catalog';

const zoneAbbreviations: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export const indonesian: MessageCatalog = {
  welcome: (office) =>
    `Selamat datang di layanan informasi Bea Cukai ${office.officeName} (tanya-pabean). ` +
    `Saya asisten virtual yang menjawab pertanyaan seputar kepabeanan dan cukai, dan dapat meneruskan Anda ke petugas. ` +
    `Layanan ini GRATIS, tidak dipungut biaya apa pun. ` +
    `Petugas melayani ${office.serviceHours}; pertanyaan di luar jam itu tetap kami terima.`,
  privacyNotice:
    'Privasi: percakapan ini disimpan untuk melayani permintaan Anda; data pribadi hanya diminta bila diperlukan, setelah Anda menyetujuinya (UU 27/2022).',
  chooseLanguage: 'Silakan langsung ketik pertanyaan Anda, atau pilih bahasa:',
  languageChoiceIndonesian: 'Bahasa Indonesia',
  languageChoiceEnglish: 'English',
  languageSwitched: 'Baik, kita lanjutkan dalam Bahasa Indonesia. Silakan ketik pertanyaan Anda.',
  greetingReply: 'Halo! Ada yang bisa kami bantu seputar kepabeanan dan cukai? Silakan ketik pertanyaan Anda.',
  thanksReply: 'Sama-sama. Jika ada pertanyaan lain, silakan ketik kembali.',
  helpReply: (office) =>
    `Anda dapat bertanya tentang barang bawaan penumpang, barang kiriman, IMEI, pembayaran, cukai, ekspor dan impor. ` +
    `Petugas ${office.officeName} melayani ${office.serviceHours}. Contact center Bravo Bea Cukai: 1500 225.`,
  notAnsweredYet:
    'Maaf, saya belum dapat menjawab pertanyaan itu di sini. Untuk bantuan langsung hubungi contact center Bravo Bea Cukai 1500 225 ' +
    'atau lihat www.beacukai.go.id. Layanan ini gratis.',
  answerSource: (url, regulations) => `Dasar hukum: ${regulations}. Sumber: ${url}`,
  clarifyPrompt: 'Maksud Anda yang mana? Pilih salah satu, atau ketik pertanyaan Anda dengan kata lain.',
  noneOfThese: 'Bukan semuanya',
  noneOfTheseReply:
    'Baik. Silakan ketik pertanyaan Anda dengan kata lain, atau hubungi contact center Bravo Bea Cukai 1500 225 untuk berbicara dengan petugas. Layanan ini gratis.',
  officerNeeded:
    'Pertanyaan ini menyangkut kasus Anda sendiri dan perlu diperiksa petugas. Sementara layanan petugas melalui chat ini disiapkan, ' +
    'hubungi contact center Bravo Bea Cukai 1500 225 atau sampaikan melalui SIPUMA (www.beacukai.go.id/pengaduan.html). Layanan ini gratis.',
  ticketReceipt: (number, dueAt) =>
    `Permintaan Anda kami teruskan ke petugas dengan nomor tiket ${number}. Jawaban paling lambat ${dueAt}. ` +
    'Layanan ini GRATIS, tidak dipungut biaya apa pun. Pesan Anda berikutnya di sini langsung dibaca petugas. ' +
    'Jika tidak puas dengan layanan kami: SIPUMA www.beacukai.go.id/pengaduan.html, e-mail pengaduan.beacukai@customs.go.id, atau Bravo Bea Cukai 1500 225.',
  handoffFailed:
    'Maaf, permintaan Anda belum dapat diteruskan ke petugas saat ini. Silakan coba lagi sebentar lagi atau hubungi Bravo Bea Cukai 1500 225. Layanan ini gratis.',
  officerFinished: (number) =>
    `Petugas telah menyelesaikan tiket ${number}. Jika masih ada yang kurang jelas tentang tiket ini, balas saja: pesan Anda kami teruskan ke petugas. Untuk pertanyaan umum lainnya, silakan ketik kembali.`,
  ticketReopened: (number) => `Pesan Anda kami teruskan ke petugas yang menangani tiket ${number}. Mohon tunggu balasannya di percakapan ini.`,
  outOfScope:
    'Maaf, pertanyaan itu di luar layanan kepabeanan dan cukai. Untuk paspor dan visa hubungi Imigrasi (imigrasi.go.id); ' +
    'untuk SPT Tahunan dan pajak penghasilan hubungi DJP (pajak.go.id). Silakan tanyakan hal seputar bea masuk, barang kiriman, barang bawaan, IMEI, cukai, ekspor dan impor.',
  attachmentReceived: (count) => `Terima kasih, ${count} berkas telah kami terima.`,
  unsupportedActivity: 'Maaf, jenis pesan ini belum dapat kami proses. Silakan kirim dalam bentuk teks.',
  turnError: 'Maaf, terjadi kesalahan di sistem kami. Silakan ulangi pesan Anda sebentar lagi.',
  weekdayNames: ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'],
  timeZoneAbbreviation: (timezone) => zoneAbbreviations[timezone] ?? timezone,
};
