import { type Command, findTicketNumber, parseRating, recognizeCommand } from '../../dialogs/commands';

const kindOf = (text: string) => recognizeCommand(text)?.kind;

describe('recognizeCommand', () => {
  describe('asking for a person', () => {
    test.each([
      'mau bicara dengan petugas',
      'bisa sambung ke CS?',
      'talk to a human',
      'agent please',
      'admin manusia dong',
      'tlg sambungin ke petugas bc',
      'saya ingin berbicara dengan petugas bea cukai',
      'hubungkan saya dengan operator',
      'bisa chat sama admin asli?',
      'min, ada petugas yang online?',
      'petugas',
      'CS',
      'minta petugas aja',
      'saya butuh bantuan petugas langsung',
      'mohon diteruskan ke petugas',
      'I need a human',
      'can I speak with an officer?',
      'connect me to customer service please',
      'is there a real person I can talk to',
      'human please',
      'I do not want to talk to a bot',
      'please have an officer call me back',
      'saya mau bicara dengan petugas soal paket saya yang tertahan',
    ])('"%s" asks for a person', (text) => {
      expect(recognizeCommand(text)).toEqual({ kind: 'human' });
    });

    test.each([
      'berapa lama petugas memeriksa paket?',
      'apakah petugas bea cukai boleh membuka paket saya?',
      'bagaimana cara menghubungi petugas bea cukai di bandara?',
      'saya sudah bicara dengan petugas di bandara tapi belum jelas',
      'bisakah registrasi IMEI tanpa bantuan petugas?',
      'do officers at the airport speak English?',
      'admin',
      'halo min',
      'what does a customs officer check in my luggage?',
    ])('"%s" is not a request for a person', (text) => {
      expect(kindOf(text)).not.toBe('human');
    });
  });

  describe('ticket status', () => {
    test.each<[string, string | undefined]>([
      ['cek tiket TP-2612-0042', 'TP-2612-0042'],
      ['check ticket TP-2612-0042', 'TP-2612-0042'],
      ['tp 2612 0042', 'TP-2612-0042'],
      ['TP26120042 gmn statusnya min?', 'TP-2612-0042'],
      ['what is the status of tp-2701-0007?', 'TP-2701-0007'],
      ['tiket saya TP-2612-0042 sudah sampai mana ya', 'TP-2612-0042'],
      ['status tiket saya', undefined],
      ['status', undefined],
      ['cek status', undefined],
      ['status?', undefined],
      ['gmn kabar tiket sy?', undefined],
      ['bagaimana status tiket saya?', undefined],
      ['my ticket status', undefined],
      ["what's the status of my ticket", undefined],
      ['any update on my ticket?', undefined],
      ['nomor tiket saya berapa ya?', undefined],
      ['tiket saya', undefined],
      ['status permintaan saya', undefined],
    ])('"%s" asks for the status (ticket %s)', (text, ticketNumber) => {
      expect(recognizeCommand(text)).toEqual(ticketNumber ? { kind: 'status', ticketNumber } : { kind: 'status' });
    });

    test.each([
      'apa arti status selesai validasi di tracking barang kiriman?',
      'bagaimana cara cek status paket dari luar negeri?',
      'cek status IMEI saya',
      'apakah perlu tiket pesawat untuk registrasi IMEI?',
      'berapa harga tiket masuk?',
      'status barang BTD itu apa?',
      'what does the status "LHP telah direkam" mean on my parcel?',
    ])('"%s" is not a ticket status request', (text) => {
      expect(kindOf(text)).not.toBe('status');
    });

    test('a number with an impossible month is not taken for a ticket', () => {
      expect(findTicketNumber('TP-2613-0042')).toBeUndefined();
      expect(recognizeCommand('cek tiket TP-2613-0042')).toEqual({ kind: 'status' });
    });

    test('another desk prefix is honoured', () => {
      expect(recognizeCommand('cek tiket BC-2612-0042', { ticketPrefix: 'BC' })).toEqual({ kind: 'status', ticketNumber: 'BC-2612-0042' });
      expect(findTicketNumber('tiket tp-2612-0042 saya')).toMatchObject({ number: 'TP-2612-0042', start: 6 });
    });
  });

  describe('cancel', () => {
    test.each(['batal', 'batalkan', 'cancel', 'stop', 'Stop!', 'batalin aja', 'tidak jadi', 'ga jadi deh', 'gajadi', 'cancel please', 'batalkan permintaan saya', 'never mind', 'stop it', 'tolong batalkan ya min'])(
      '"%s" cancels',
      (text) => {
        expect(recognizeCommand(text)).toEqual({ kind: 'cancel' });
      },
    );

    test.each([
      'kenapa paket saya stop di bea cukai?',
      'bagaimana cara membatalkan registrasi IMEI?',
      'can I cancel my IMEI registration?',
      'apakah PIB yang sudah dikirim bisa dibatalkan?',
      'stop kontak bisa dibawa dari luar negeri?',
    ])('"%s" is a question, not a cancel', (text) => {
      expect(kindOf(text)).not.toBe('cancel');
    });
  });

  describe('complaints', () => {
    test.each<[string, Partial<Extract<Command, { kind: 'complaint' }>>]>([
      ['saya mau komplain petugasnya kasar', { aboutOfficer: true, howTo: false }],
      ['mau lapor pungli', { aboutOfficer: true, howTo: false }],
      ['I want to complain about an officer', { aboutOfficer: true, howTo: false }],
      ['petugas di bandara tadi membentak saya', { aboutOfficer: true, howTo: false }],
      ['pelayanan di kantor bc lambat banget, antri 3 jam', { aboutService: true, howTo: false }],
      ['oknum petugas minta uang rokok supaya koper saya tidak diperiksa', { aboutOfficer: true, howTo: false }],
      ['the officer at the airport asked me for a bribe', { aboutOfficer: true, howTo: false }],
      ['the customs service at the port was terrible and unprofessional', { aboutService: true, howTo: false }],
      ['saya ingin mengadukan pelayanan kantor bea cukai', { aboutService: true, howTo: false }],
      ['laporkan petugas itu', { aboutOfficer: true }],
      ['bagaimana cara mengadu soal petugas?', { aboutOfficer: true, howTo: true }],
      ['ke mana saya bisa lapor pungli di pelabuhan?', { aboutOfficer: true, howTo: true }],
      ['how do I file a complaint about customs service?', { aboutService: true, howTo: true }],
      ['mau komplain', { aboutOfficer: false, aboutService: false, howTo: false }],
    ])('"%s" is a complaint %j', (text, flags) => {
      const command = recognizeCommand(text);
      expect(command?.kind).toBe('complaint');
      expect(command).toMatchObject(flags);
    });

    test.each([
      'berapa lama petugas memeriksa paket?',
      'wajib lapor ke petugas kalau bawa uang tunai 100 juta?',
      'apakah petugas di bandara galak?',
      'bagaimana cara mengajukan keberatan atas penetapan bea masuk?',
      'mau komplain ke kurir soal ongkir yang mahal',
      'ada yang mengaku petugas bea cukai menelepon dan minta uang transfer',
      'how do I report my cash at the airport?',
      'kenapa paket saya lama sekali di bea cukai?',
    ])('"%s" is not a complaint', (text) => {
      expect(kindOf(text)).not.toBe('complaint');
    });

    test('a complaint that names a ticket stays a complaint; a plain mention of a ticket is a status request', () => {
      expect(recognizeCommand('petugas yang pegang tiket TP-2612-0042 kasar sekali')).toMatchObject({ kind: 'complaint', aboutOfficer: true });
      expect(recognizeCommand('tiket TP-2612-0042 belum dijawab')).toEqual({ kind: 'status', ticketNumber: 'TP-2612-0042' });
    });
  });

  describe('deleting personal data', () => {
    test.each([
      'hapus data saya',
      'delete my data',
      'tolong hapus data pribadi saya',
      'saya ingin data saya dihapus',
      'tlg hapusin data sy min',
      'please erase my personal information',
      'bisa hapus riwayat chat saya?',
      'remove my account and conversation history',
      'hapus data',
      'I want my data deleted',
    ])('"%s" asks for deletion', (text) => {
      expect(recognizeCommand(text)).toEqual({ kind: 'deleteData' });
    });

    test.each([
      'berapa lama data saya disimpan?',
      'apakah data saya akan dihapus otomatis?',
      'cara menghapus data IMEI yang salah input',
      'data paket saya salah, bisa dihapus?',
      'kapan data saya dihapus?',
    ])('"%s" is not a deletion request', (text) => {
      expect(kindOf(text)).not.toBe('deleteData');
    });
  });

  describe('yes and no', () => {
    test.each(['ya', 'iya', 'iyaa', 'y', 'yes', 'Ya!', 'iya kak', 'ok', 'oke', 'boleh', 'betul', 'sure', 'yes please', '👍', 'sangat membantu', 'ya membantu', 'helpful', 'yup', 'setuju'])(
      '"%s" is yes',
      (text) => {
        expect(recognizeCommand(text)).toEqual({ kind: 'yes' });
      },
    );

    test.each(['tidak', 'nggak', 'gak', 'ga', 'no', 'bukan', 'tdk', 'enggak', 'No.', 'nope', 'tidak membantu', 'kurang membantu', 'not helpful', 'no thanks', 'gak usah', 'belum', '👎'])(
      '"%s" is no',
      (text) => {
        expect(recognizeCommand(text)).toEqual({ kind: 'no' });
      },
    );

    test.each(['Bukan semuanya', 'ya, tapi paket saya masih tertahan', 'no resi saya RR123456785ID', 'tidak ada kabar dari kurir', 'yes I bought a phone abroad, do I pay tax?'])(
      '"%s" is not a bare yes or no',
      (text) => {
        expect(['yes', 'no']).not.toContain(kindOf(text));
      },
    );
  });

  test.each([
    'berapa batas bebas bea barang bawaan penumpang?',
    'gmn cara daftar imei hp dari LN?',
    'brp pajak pkt dari china 50 dolar?',
    'how much duty do I pay on a parcel worth USD 200?',
    'halo',
    '',
    '   ',
    '🙂',
  ])('an ordinary question or greeting ("%s") is no command', (text) => {
    expect(recognizeCommand(text)).toBeUndefined();
  });

  test('anything that is not a string is no command', () => {
    expect(recognizeCommand(undefined as unknown as string)).toBeUndefined();
  });
});

describe('parseRating', () => {
  test.each<[string, number]>([
    ['5', 5],
    ['1', 1],
    [' 3 ', 3],
    ['⭐⭐⭐⭐', 4],
    ['⭐', 1],
    ['★★★☆☆', 3],
    ['🌟🌟🌟🌟🌟', 5],
    ['empat', 4],
    ['lima', 5],
    ['four', 4],
    ['Two', 2],
    ['4/5', 4],
    ['5 / 5', 5],
    ['4 dari 5', 4],
    ['3 out of 5', 3],
    ['4 bintang', 4],
    ['bintang 5', 5],
    ['five stars', 5],
    ['nilai 4', 4],
    ['rating: 2', 2],
    ['5 mantap', 5],
    ['saya kasih 4', 4],
  ])('"%s" is %d', (text, rating) => {
    expect(parseRating(text)).toBe(rating);
  });

  test.each(['0', '6', '10', '4.5', '4,5', '3/10', '⭐⭐⭐⭐⭐⭐', 'bagus', 'paket saya 5 hari tertahan', '5 juta', 'tiga hari', '', 'ya'])('"%s" is not a rating', (text) => {
    expect(parseRating(text)).toBeUndefined();
  });
});
