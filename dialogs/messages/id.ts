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
  feedbackPrompt: 'Apakah jawaban ini membantu?',
  yes: 'Ya',
  no: 'Tidak',
  feedbackThanks: 'Terima kasih atas masukan Anda. Jika ada pertanyaan lain, silakan ketik kembali.',
  notHelpfulPrompt: 'Maaf, jawabannya belum membantu. Anda ingin menulis ulang pertanyaan, atau dihubungkan dengan petugas?',
  rephraseChoice: 'Tulis ulang pertanyaan',
  officerChoice: 'Bicara dengan petugas',
  rephraseInvite: 'Silakan tulis pertanyaan Anda dengan kata lain. Sebutkan jenis barang, asal dan tujuannya bila ada.',
  noneOfTheseOffer: 'Baik. Anda dapat menulis ulang pertanyaan dengan kata lain, atau dihubungkan dengan petugas.',
  handoffIntro: 'Baik, permintaan Anda akan kami teruskan ke petugas.',
  outOfHours: (backAt, dueAt) =>
    `Saat ini di luar jam layanan petugas. Petugas kembali bertugas ${backAt}. Permintaan Anda tetap kami terima dan dijawab paling lambat ${dueAt}.`,
  scamSeasonReminder:
    'Waspada: menjelang akhir pekan dan hari libur banyak penipuan yang mengatasnamakan Bea Cukai. Petugas kami tidak pernah meminta transfer ke rekening pribadi atau e-wallet.',
  handoffCancelled: 'Baik, permintaan ke petugas dibatalkan dan data yang sudah Anda ketik tidak kami simpan. Silakan ketik pertanyaan lain bila ada.',
  cancelled: 'Baik, dibatalkan. Silakan ketik pertanyaan Anda bila ada.',
  nothingToCancel: 'Tidak ada permintaan yang sedang berjalan. Silakan ketik pertanyaan Anda.',
  ticketCancelledByCitizen: (number) => `Tiket ${number} telah dibatalkan atas permintaan Anda. Silakan ketik pertanyaan baru bila ada.`,
  statusHeader: 'Tiket Anda di kanal ini:',
  statusLine: (number, status, dueAt) => `• ${number}: ${status}; jawaban paling lambat ${dueAt}`,
  statusLabels: {
    queued: 'menunggu petugas',
    assigned: 'sedang ditangani petugas',
    escalated: 'dieskalasi ke pejabat/unit terkait',
    answered: 'sudah dijawab',
    closed: 'selesai',
    reopened: 'dibuka kembali, menunggu petugas',
  },
  statusNone: 'Belum ada tiket atas nama Anda di kanal ini. Ketik "petugas" bila Anda ingin dihubungkan dengan petugas.',
  statusNotFound: (number) =>
    `Tiket ${number} tidak ditemukan di antara tiket Anda di kanal ini. Demi keamanan data, status tiket hanya dapat dilihat dari akun yang membuatnya.`,
  complaintChannels: (aboutOfficer) =>
    (aboutOfficer ? 'Kami mohon maaf atas pengalaman Anda. ' : 'Terima kasih atas masukan Anda. ') +
    'Pengaduan dapat disampaikan melalui SIPUMA (www.beacukai.go.id/pengaduan.html), e-mail pengaduan.beacukai@customs.go.id, Bravo Bea Cukai 1500 225, ' +
    'faks (021) 4890966, surat kepada Direktur Kepatuhan Internal (Jl. Ahmad Yani By Pass, Rawamangun, Jakarta Timur 13230), atau unit kepatuhan internal kantor. ' +
    'Sertakan apa yang terjadi, di mana, kapan, siapa yang terlibat, kronologi dan buktinya (PER-13/BC/2025).',
  complaintOfferPrompt: 'Apakah Anda ingin pengaduan ini kami catat sebagai tiket dan teruskan ke unit kepatuhan internal?',
  complaintDeclined: 'Baik. Anda tetap dapat mengadu langsung melalui saluran di atas kapan saja.',
  scamWarning: (entryAnswer) => `⚠️ Hati-hati, pesan Anda mirip pola penipuan yang mengatasnamakan Bea Cukai.\n\n${entryAnswer}`,
  ratingPrompt: (number) => `Bagaimana penilaian Anda atas layanan untuk tiket ${number}? Pilih 1 (sangat kurang) sampai 5 (sangat baik).`,
  ratingCommentPrompt: 'Terima kasih. Ada saran atau komentar singkat untuk kami? Ketik komentar Anda, atau pilih "Lewati".',
  skip: 'Lewati',
  ratingThanks: 'Terima kasih atas penilaian Anda. Masukan Anda membantu kami memperbaiki layanan.',
  deleteConfirmPrompt:
    'Anda meminta penghapusan data pribadi Anda di layanan ini (UU 27/2022): isi percakapan, data yang Anda berikan (misalnya NIK atau nomor kontak) ' +
    'dan berkas kiriman akan dihapus, dan tiket yang masih berjalan akan ditutup. Statistik layanan tanpa identitas tetap kami simpan. Lanjutkan?',
  deleteConfirmChoice: 'Ya, hapus data saya',
  deleteDone: (tickets) =>
    `Data pribadi Anda telah dihapus${tickets > 0 ? ` (${tickets} tiket dianonimkan)` : ''}. Anda tetap dapat bertanya kapan saja.`,
  deleteKept: 'Baik, data Anda tidak dihapus.',
  attachmentReceived: (count) => `Terima kasih, ${count} berkas telah kami terima.`,
  choiceListButton: 'Pilih',
  unsupportedActivity: 'Maaf, jenis pesan ini belum dapat kami proses. Silakan kirim dalam bentuk teks.',
  turnError: 'Maaf, terjadi kesalahan di sistem kami. Silakan ulangi pesan Anda sebentar lagi.',
  weekdayNames: ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'],
  timeZoneAbbreviation: (timezone) => zoneAbbreviations[timezone] ?? timezone,
};
