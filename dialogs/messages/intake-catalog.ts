/**
 * The intake's own text (STYLE.md rule 10), one catalog per language. Hints say what the value
 * looks like and where to find it; none of them repeats what the citizen typed.
 */
import type { FieldHint, IntakeField } from '../intake/fields';
import type { Language } from './catalog';

export interface IntakeCatalog {
  /** Before the first question: why we ask, one question at a time, how to cancel. */
  intro: string;
  /** The consent notice (UU 27/2022) naming the personal data this intake needs. */
  consentNotice(fieldLabels: readonly string[]): string;
  consentYes: string;
  consentNo: string;
  consentUnclear: string;
  /** Consent refused: nothing is kept, questions are still welcome. */
  consentRefused: string;
  /** Field names as a summary line starts them ("Nomor IMEI"). */
  labels: Record<IntakeField, string>;
  questions: Record<IntakeField, string>;
  /** Appended to the question of an optional field. */
  optionalNote: string;
  skip: string;
  hints: Record<FieldHint, string>;
  /** "Lewati" on a required field: why it is needed; a second "lewati" is accepted. */
  requiredReminder(label: string): string;
  /** Three bad answers: the intake goes on without the field. */
  triesExhausted(label: string): string;
  summaryHeader: string;
  notProvided: string;
  summaryQuestion: string;
  confirmYes: string;
  confirmChange: string;
  confirmCancel: string;
  confirmUnclear: string;
  chooseFieldToChange: string;
  chooseFieldUnclear: string;
  cancelled: string;
  /** "a, b, dan c" / "a, b, and c". */
  list(items: readonly string[]): string;
}

/** A label inside a sentence: "Nomor IMEI" → "nomor IMEI", while "NIK" stays "NIK". */
export function labelInSentence(label: string): string {
  return /^\p{Lu}\p{Ll}/u.test(label) || /^\p{Lu}-/u.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

/** "a dan b", "a, b, dan c" (PUEBI puts a comma before the last item of three or more, as does English here). */
function joinList(items: readonly string[], and: string): string {
  if (items.length <= 2) return items.join(` ${and} `);
  return `${items.slice(0, -1).join(', ')}, ${and} ${items[items.length - 1]}`;
}

const indonesian: IntakeCatalog = {
  intro:
    'Agar petugas dapat segera menangani permintaan Anda, saya perlu beberapa data. Saya akan menanyakannya satu per satu. ' +
    "Ketik 'batal' kapan saja untuk membatalkan.",
  consentNotice: (fieldLabels) =>
    `Untuk meneruskan permintaan Anda, kami perlu mencatat ${joinList(fieldLabels.map(labelInSentence), 'dan')} Anda. ` +
    'Data ini hanya digunakan petugas Bea Cukai untuk menangani permintaan ini, disimpan terenkripsi, dan dapat Anda minta untuk dihapus ' +
    '(UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi). Apakah Anda setuju?',
  consentYes: 'Ya, setuju',
  consentNo: 'Tidak',
  consentUnclear: "Mohon jawab 'Ya' bila Anda setuju, atau 'Tidak' bila tidak setuju.",
  consentRefused:
    'Baik, tidak ada data pribadi yang kami catat. Tanpa data tersebut permintaan Anda belum dapat kami teruskan ke petugas melalui chat ini, ' +
    'tetapi Anda tetap dapat bertanya apa saja di sini, atau menghubungi contact center Bravo Bea Cukai 1500 225. Layanan ini gratis.',
  labels: {
    name: 'Nama',
    phone: 'Nomor HP/WhatsApp',
    email: 'Alamat e-mail',
    contact: 'Kontak (HP/e-mail)',
    nik: 'NIK',
    npwp: 'NPWP',
    passport: 'Nomor paspor',
    trackingNumber: 'Nomor resi',
    airWaybill: 'Nomor AWB',
    imei: 'Nomor IMEI',
    pibNumber: 'Nomor PIB',
    pebNumber: 'Nomor PEB',
    billingCode: 'Kode billing',
    nppbkc: 'NPPBKC',
    flightDetails: 'Data penerbangan',
    itemDescription: 'Uraian barang',
    documents: 'Dokumen',
  },
  questions: {
    name: 'Siapa nama lengkap Anda?',
    phone: 'Berapa nomor HP/WhatsApp yang dapat dihubungi petugas? Contoh: 0812 3456 7890.',
    email: 'Apa alamat e-mail Anda?',
    contact: 'Ke mana petugas dapat menghubungi Anda? Ketik nomor HP/WhatsApp (contoh: 0812 3456 7890) atau alamat e-mail.',
    nik: 'Berapa NIK Anda? NIK terdiri dari 16 angka dan tercantum pada KTP.',
    npwp: 'Berapa NPWP Anda?',
    passport: 'Berapa nomor paspor Anda? Nomor ini tertera pada halaman data paspor.',
    trackingNumber: 'Berapa nomor resi kiriman Anda? Nomor ini tertera pada label kiriman atau di aplikasi kurir/marketplace.',
    airWaybill: 'Berapa nomor AWB (air waybill) kiriman Anda?',
    imei: 'Berapa nomor IMEI perangkat Anda? Tekan *#06# di ponsel untuk melihatnya (15 angka).',
    pibNumber: 'Berapa nomor aju atau nomor pendaftaran PIB Anda? Ketik angkanya saja.',
    pebNumber: 'Berapa nomor aju atau nomor pendaftaran PEB Anda? Ketik angkanya saja.',
    billingCode: 'Berapa kode billing yang tertera pada tagihan Anda? (15 angka)',
    nppbkc: 'Berapa NPPBKC Anda? (22 angka)',
    flightDetails: 'Apa nomor penerbangan dan tanggal kedatangan/keberangkatan Anda? Contoh: GA 881, 12 Mei 2026.',
    itemDescription: 'Barang apa yang dimaksud? Jelaskan singkat jenis, jumlah, dan perkiraan nilainya.',
    documents: 'Dokumen apa saja yang Anda miliki terkait permintaan ini (misalnya invoice, bukti bayar, boarding pass)? Anda juga dapat mengirim fotonya.',
  },
  optionalNote: "Ketik 'lewati' bila tidak ada.",
  skip: 'Lewati',
  hints: {
    'name.format': 'Mohon tuliskan nama Anda dengan huruf saja, tanpa angka. Contoh: Siti Rahmawati.',
    'phone.invalid': 'Nomor tersebut belum sesuai. Mohon ketik nomor HP/WhatsApp Indonesia Anda, contoh: 0812 3456 7890 atau +62 812 3456 7890.',
    'phone.notIndonesian': 'Saat ini kami hanya dapat mencatat nomor telepon Indonesia (+62). Mohon ketik nomor Indonesia yang dapat dihubungi, contoh: 0812 3456 7890.',
    'email.invalid': 'Alamat e-mail tersebut belum sesuai. Contoh penulisan yang benar: nama@contoh.com.',
    'contact.invalid': 'Mohon ketik nomor HP/WhatsApp Indonesia (contoh: 0812 3456 7890) atau alamat e-mail (contoh: nama@contoh.com).',
    'contact.notIndonesian': 'Nomor luar negeri belum dapat kami catat. Mohon ketik alamat e-mail Anda, atau nomor HP Indonesia.',
    'nik.length': 'NIK terdiri dari 16 angka dan tercantum pada KTP atau Kartu Keluarga Anda. Mohon ketik kembali ke-16 angka tersebut.',
    'nik.region': 'Enam angka pertama NIK adalah kode wilayah (provinsi, kabupaten/kota, kecamatan), dan kode wilayah pada nomor tersebut tidak dikenal. Mohon periksa kembali NIK pada KTP Anda.',
    'nik.birthDate':
      'Angka ke-7 sampai ke-12 NIK adalah tanggal lahir (tanggal, bulan, tahun; untuk perempuan tanggalnya ditambah 40), dan pada nomor tersebut tanggalnya tidak valid. Mohon periksa kembali NIK pada KTP Anda.',
    'npwp.length': 'NPWP terdiri dari 15 angka (format lama, contoh: 01.234.567.8-901.000) atau 16 angka. Titik dan tanda hubung boleh diketik atau tidak.',
    'passport.format': 'Nomor paspor terdiri dari 6 sampai 9 huruf dan angka, tertera pada halaman data paspor. Paspor Indonesia umumnya 1 huruf diikuti 7 angka, contoh: X1234567.',
    'trackingNumber.format':
      'Nomor resi terdiri dari 8 sampai 35 huruf dan/atau angka, tertera pada label kiriman atau di aplikasi kurir/marketplace. Pastikan tidak ada huruf atau angka yang terlewat.',
    'trackingNumber.s10CheckDigit':
      'Nomor resi pos seperti RR123456785ID memiliki angka pemeriksa (angka terakhir sebelum kode negara), dan nomor tersebut tidak cocok dengannya. Mungkin ada angka yang tertukar; mohon periksa kembali label kiriman.',
    'airWaybill.format': 'Nomor AWB terdiri dari 11 angka: 3 angka kode maskapai dan 8 angka nomor seri, contoh: 618-12345675. Nomor waybill DHL terdiri dari 10 angka.',
    'airWaybill.checkDigit':
      'Angka terakhir nomor AWB adalah angka pemeriksa, dan nomor tersebut tidak cocok dengannya. Mungkin ada angka yang tertukar; mohon periksa kembali dokumen AWB atau label kiriman.',
    'imei.length': 'Nomor IMEI terdiri dari 15 angka; tekan *#06# di ponsel Anda untuk melihatnya. Mohon ketik kembali nomor IMEI Anda.',
    'imei.imeisv': 'Nomor 16 angka adalah IMEISV (versi perangkat lunak), bukan IMEI. Tekan *#06# dan ketik nomor IMEI yang terdiri dari 15 angka.',
    'imei.checksum':
      'Nomor IMEI tersebut tidak lolos pemeriksaan angka terakhir, jadi kemungkinan ada angka yang salah ketik. Tekan *#06# di ponsel Anda dan salin ke-15 angka IMEI-nya.',
    'pibNumber.format': 'Nomor aju PIB berupa angka saja (umumnya 26 angka), tanpa tanda - atau /. Nomor pendaftaran PIB (6 angka) juga dapat digunakan.',
    'pebNumber.format': 'Nomor aju PEB berupa angka saja (umumnya 26 angka), tanpa tanda - atau /. Nomor pendaftaran PEB (6 angka) juga dapat digunakan.',
    'billingCode.length': 'Kode billing terdiri dari 15 angka dan tertera pada dokumen tagihan (e-billing). Kode billing Bea Cukai diawali angka 4, 5, atau 6.',
    'nppbkc.length': 'NPPBKC terdiri dari 22 angka (16 angka NPWP dan 6 angka NILKU) dan tertera pada surat keputusan NPPBKC Anda.',
    'flightDetails.format': 'Mohon sebutkan nomor penerbangan dan tanggalnya, contoh: GA 881, 12 Mei 2026.',
    'itemDescription.format': 'Mohon jelaskan barangnya secara singkat, misalnya jenis, jumlah, dan perkiraan nilainya.',
    'documents.format': 'Mohon sebutkan dokumen yang Anda miliki, misalnya invoice, bukti bayar, atau boarding pass.',
    'text.tooLong': 'Uraian tersebut terlalu panjang (paling banyak 500 karakter). Mohon ringkas; rinciannya dapat Anda sampaikan kepada petugas nanti.',
  },
  requiredReminder: (label) =>
    `${label} diperlukan petugas untuk memeriksa permintaan Anda, jadi mohon diisi bila ada. Jika memang tidak ada, ketik 'lewati' sekali lagi.`,
  triesExhausted: (label) => `Baik, kita lanjutkan tanpa ${labelInSentence(label)}. Bila diperlukan, petugas akan menanyakannya kepada Anda.`,
  summaryHeader: 'Mohon periksa kembali data Anda:',
  notProvided: '(tidak diisi)',
  summaryQuestion: 'Apakah data tersebut sudah benar dan dapat kami teruskan ke petugas?',
  confirmYes: 'Ya, kirim',
  confirmChange: 'Ubah',
  confirmCancel: 'Batal',
  confirmUnclear: "Mohon pilih 'Ya, kirim' bila data sudah benar, 'Ubah' untuk memperbaiki, atau 'Batal'.",
  chooseFieldToChange: 'Data mana yang ingin Anda ubah?',
  chooseFieldUnclear: 'Mohon pilih salah satu data pada daftar, atau ketik nomor urutnya.',
  cancelled:
    'Baik, permintaan ini dibatalkan dan data yang sudah Anda ketik tidak kami teruskan. Silakan ketik pertanyaan lain kapan saja, ' +
    'atau hubungi contact center Bravo Bea Cukai 1500 225. Layanan ini gratis.',
  list: (items) => joinList(items, 'dan'),
};

const english: IntakeCatalog = {
  intro: "So that an officer can handle your request quickly, I need a few details. I will ask for them one at a time. Type 'cancel' at any time to stop.",
  consentNotice: (fieldLabels) =>
    `To pass your request on, we need to record your ${joinList(fieldLabels.map(labelInSentence), 'and')}. ` +
    'Customs officers use this data only to handle this request; it is stored encrypted and you can ask us to delete it ' +
    '(Indonesian Personal Data Protection Law, UU No. 27 of 2022). Do you agree?',
  consentYes: 'Yes, I agree',
  consentNo: 'No',
  consentUnclear: "Please answer 'Yes' if you agree, or 'No' if you do not.",
  consentRefused:
    'Understood: no personal data has been recorded. Without it we cannot pass your request to an officer through this chat, ' +
    'but you can still ask any question here, or call the Bravo Bea Cukai contact centre on 1500 225. This service is free of charge.',
  labels: {
    name: 'Name',
    phone: 'Mobile/WhatsApp number',
    email: 'E-mail address',
    contact: 'Contact (phone or e-mail)',
    nik: 'NIK',
    npwp: 'NPWP',
    passport: 'Passport number',
    trackingNumber: 'Tracking number',
    airWaybill: 'Air waybill number',
    imei: 'IMEI number',
    pibNumber: 'PIB number',
    pebNumber: 'PEB number',
    billingCode: 'Billing code',
    nppbkc: 'NPPBKC',
    flightDetails: 'Flight details',
    itemDescription: 'Description of the goods',
    documents: 'Documents',
  },
  questions: {
    name: 'What is your full name?',
    phone: 'Which mobile/WhatsApp number can the officer reach you on? For example: 0812 3456 7890.',
    email: 'What is your e-mail address?',
    contact: 'How can the officer contact you? Type a mobile/WhatsApp number (for example 0812 3456 7890) or an e-mail address.',
    nik: 'What is your NIK? It has 16 digits and is printed on your KTP (identity card).',
    npwp: 'What is your NPWP (tax ID)?',
    passport: 'What is your passport number? It is on the data page of your passport.',
    trackingNumber: 'What is the tracking number of your parcel? It is on the parcel label or in the courier or marketplace app.',
    airWaybill: 'What is the air waybill (AWB) number of your shipment?',
    imei: 'What is the IMEI number of your device? Dial *#06# on the phone to see it (15 digits).',
    pibNumber: 'What is the submission (aju) or registration number of your PIB? Digits only, please.',
    pebNumber: 'What is the submission (aju) or registration number of your PEB? Digits only, please.',
    billingCode: 'What is the billing code on your bill? (15 digits)',
    nppbkc: 'What is your NPPBKC (excise licence number)? (22 digits)',
    flightDetails: 'What is your flight number and the date of arrival or departure? For example: GA 881, 12 May 2026.',
    itemDescription: 'Which goods is this about? Briefly describe the kind, quantity and approximate value.',
    documents: 'Which documents do you have for this request (for example an invoice, proof of payment, a boarding pass)? You may also send photos of them.',
  },
  optionalNote: "Type 'skip' if you do not have it.",
  skip: 'Skip',
  hints: {
    'name.format': 'Please type your name in letters only, without digits. For example: Siti Rahmawati.',
    'phone.invalid': 'That number does not look right. Please type your Indonesian mobile/WhatsApp number, for example 0812 3456 7890 or +62 812 3456 7890.',
    'phone.notIndonesian': 'We can only record Indonesian phone numbers (+62) for now. Please type an Indonesian number we can reach you on, for example 0812 3456 7890.',
    'email.invalid': 'That e-mail address does not look right. It should look like name@example.com.',
    'contact.invalid': 'Please type an Indonesian mobile/WhatsApp number (for example 0812 3456 7890) or an e-mail address (for example name@example.com).',
    'contact.notIndonesian': 'We cannot record a foreign number yet. Please type your e-mail address, or an Indonesian mobile number.',
    'nik.length': 'A NIK has 16 digits and is printed on your KTP or family card (Kartu Keluarga). Please type all 16 digits again.',
    'nik.region': 'The first six digits of a NIK are an area code (province, regency/city, district), and the area code in that number is not a known one. Please check the NIK on your KTP.',
    'nik.birthDate':
      'Digits 7 to 12 of a NIK are the date of birth (day, month, year; for women the day plus 40), and the date in that number does not exist. Please check the NIK on your KTP.',
    'npwp.length': 'An NPWP has 15 digits (old format, for example 01.234.567.8-901.000) or 16 digits. Dots and dashes are optional.',
    'passport.format': 'A passport number has 6 to 9 letters and digits and is printed on the data page. Indonesian passports usually have 1 letter followed by 7 digits, for example X1234567.',
    'trackingNumber.format':
      'A tracking number has 8 to 35 letters and/or digits and is printed on the parcel label or shown in the courier or marketplace app. Please make sure no character is missing.',
    'trackingNumber.s10CheckDigit':
      'Postal tracking numbers such as RR123456785ID contain a check digit (the last digit before the country code), and that number does not match it. Two digits may be swapped; please check the parcel label again.',
    'airWaybill.format': 'An air waybill number has 11 digits: a 3-digit airline prefix and an 8-digit serial, for example 618-12345675. DHL waybill numbers have 10 digits.',
    'airWaybill.checkDigit':
      'The last digit of an air waybill number is a check digit, and that number does not match it. Two digits may be swapped; please check the air waybill or the parcel label again.',
    'imei.length': 'An IMEI number has 15 digits; dial *#06# on your phone to see it. Please type your IMEI number again.',
    'imei.imeisv': 'A 16-digit number is the IMEISV (software version), not the IMEI. Dial *#06# and type the 15-digit IMEI number.',
    'imei.checksum': 'That IMEI number fails the check on its last digit, so a digit was probably mistyped. Dial *#06# on your phone and copy the 15-digit IMEI.',
    'pibNumber.format': 'A PIB submission (aju) number is digits only (usually 26), without - or /. The 6-digit PIB registration number also works.',
    'pebNumber.format': 'A PEB submission (aju) number is digits only (usually 26), without - or /. The 6-digit PEB registration number also works.',
    'billingCode.length': 'A billing code has 15 digits and is printed on the bill (e-billing). Customs billing codes start with 4, 5 or 6.',
    'nppbkc.length': 'An NPPBKC has 22 digits (the 16-digit NPWP and the 6-digit NILKU) and is printed on your NPPBKC decision letter.',
    'flightDetails.format': 'Please give the flight number and its date, for example: GA 881, 12 May 2026.',
    'itemDescription.format': 'Please describe the goods briefly, for example their kind, quantity and approximate value.',
    'documents.format': 'Please name the documents you have, for example an invoice, proof of payment or a boarding pass.',
    'text.tooLong': 'That is too long (500 characters at most). Please keep it short; you can give the officer the details later.',
  },
  requiredReminder: (label) =>
    `The officer needs the ${labelInSentence(label)} to look into your request, so please give it if you have it. If you really do not, type 'skip' once more.`,
  triesExhausted: (label) => `All right, we will go on without the ${labelInSentence(label)}. The officer will ask you for it if it is needed.`,
  summaryHeader: 'Please check your details:',
  notProvided: '(not provided)',
  summaryQuestion: 'Are these details correct, and may we pass them to an officer?',
  confirmYes: 'Yes, send',
  confirmChange: 'Change',
  confirmCancel: 'Cancel',
  confirmUnclear: "Please choose 'Yes, send' if the details are correct, 'Change' to correct them, or 'Cancel'.",
  chooseFieldToChange: 'Which detail would you like to change?',
  chooseFieldUnclear: 'Please choose one of the details in the list, or type its number.',
  cancelled:
    'All right, this request has been cancelled and the details you typed will not be passed on. Ask another question at any time, ' +
    'or call the Bravo Bea Cukai contact centre on 1500 225. This service is free of charge.',
  list: (items) => joinList(items, 'and'),
};

const catalogs: Record<Language, IntakeCatalog> = { id: indonesian, en: english };

export function intakeMessagesFor(language: Language): IntakeCatalog {
  return catalogs[language];
}
