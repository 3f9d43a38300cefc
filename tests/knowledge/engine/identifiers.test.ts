import {
  billingCodeIssuer,
  findIdentifiers,
  isValidAwb,
  isValidBillingCode,
  isValidCourierTrackingNumber,
  isValidDhlWaybill,
  isValidEmail,
  isValidImei,
  isValidNik,
  isValidNpwp,
  isValidPassportNumber,
  isValidS10,
  isValidUpsTrackingNumber,
  luhnCheck,
  maskIdentifier,
  normalizeIndonesianPhone,
  normalizeNpwp,
  parseNik,
  redactIdentifiers,
  s10CheckDigit,
} from '../../../knowledge/identifiers';

describe('identifier validators', () => {
  test('S10: the brief example RR123456785ID is valid and a wrong check digit is not', () => {
    expect(s10CheckDigit('12345678')).toBe(5);
    expect(isValidS10('RR123456785ID')).toBe(true);
    expect(isValidS10('rr 123456785 id')).toBe(true);
    expect(isValidS10('RR123456784ID')).toBe(false);
    expect(isValidS10('RR12345678ID')).toBe(false);
    expect(isValidS10('R1123456785ID')).toBe(false);
  });

  test('S10 check digit maps 10 to 0 and 11 to 5', () => {
    // 00000008: sum 56, 56 mod 11 = 1, 11 - 1 = 10 → 0. 00000015: sum 44, 44 mod 11 = 0, 11 → 5.
    expect(s10CheckDigit('00000008')).toBe(0);
    expect(s10CheckDigit('00000015')).toBe(5);
    expect(isValidS10('EE000000080ID')).toBe(true);
    expect(isValidS10('EE000000155ID')).toBe(true);
  });

  test('IMEI: 490154203237518 passes Luhn, a changed digit or an IMEISV does not', () => {
    expect(isValidImei('490154203237518')).toBe(true);
    expect(isValidImei('49-015420-323751-8')).toBe(true);
    expect(isValidImei('490154203237519')).toBe(false);
    expect(isValidImei('4901542032375180')).toBe(false);
    expect(luhnCheck('79927398713')).toBe(true);
    expect(luhnCheck('79927398710')).toBe(false);
  });

  test('IATA air waybill uses the mod-7 check on the serial', () => {
    expect(isValidAwb('157-12345675')).toBe(true);
    expect(isValidAwb('15712345675')).toBe(true);
    expect(isValidAwb('157-12345674')).toBe(false);
    expect(isValidAwb('157-1234567')).toBe(false);
    expect(isValidDhlWaybill('1234567891')).toBe(true);
    expect(isValidDhlWaybill('1234567892')).toBe(false);
  });

  test('NIK needs a province code and a real birth date (women add 40 to the day)', () => {
    expect(isValidNik('3201014501900001')).toBe(true);
    expect(parseNik('3201014501900001')).toMatchObject({ provinceCode: '32', birthDay: 5, birthMonth: 1, female: true, serial: '0001' });
    expect(isValidNik('3201010501900001')).toBe(true);
    expect(isValidNik('2001010501900001')).toBe(false); // province 20 does not exist
    expect(isValidNik('3201013202900001')).toBe(false); // 32 February
    expect(isValidNik('3201010513900001')).toBe(false); // month 13
    expect(isValidNik('3201010501900000')).toBe(false); // serial 0000
    expect(isValidNik('320101050190001')).toBe(false);
    expect(isValidNik('3201012902000001')).toBe(true); // 29 Feb 2000
  });

  test('NPWP accepts 15 or 16 digits with dots and dashes', () => {
    expect(normalizeNpwp('09.254.294.3-407.000')).toBe('092542943407000');
    expect(isValidNpwp('0092542943407000')).toBe(true);
    expect(isValidNpwp('09.254.294.3-407')).toBe(false);
  });

  test('billing codes are 15 digits and name their issuer', () => {
    expect(isValidBillingCode('412345678901234')).toBe(true);
    expect(isValidBillingCode('41234567890123')).toBe(false);
    expect(billingCodeIssuer('412345678901234')).toBe('DJBC');
    expect(billingCodeIssuer('012345678901234')).toBe('DJP');
    expect(billingCodeIssuer('812345678901234')).toBe('DJA');
  });

  test('Indonesian phone numbers normalise to E.164', () => {
    expect(normalizeIndonesianPhone('0812-3456-7890')).toBe('+6281234567890');
    expect(normalizeIndonesianPhone('+62 812 3456 7890')).toBe('+6281234567890');
    expect(normalizeIndonesianPhone('6281234567890')).toBe('+6281234567890');
    expect(normalizeIndonesianPhone('(021) 4890966')).toBe('+62214890966');
    expect(normalizeIndonesianPhone('0812')).toBeNull();
    expect(normalizeIndonesianPhone('+1 202 555 0100')).toBeNull();
    expect(normalizeIndonesianPhone('hello')).toBeNull();
  });

  test('other formats: UPS, courier numbers, passport, e-mail', () => {
    expect(isValidUpsTrackingNumber('1Z999AA10123456784')).toBe(true);
    expect(isValidCourierTrackingNumber('LP00123456789012CN')).toBe(true);
    expect(isValidCourierTrackingNumber('ABCDEFGH')).toBe(false);
    expect(isValidPassportNumber('X1234567')).toBe(true);
    expect(isValidPassportNumber('X12')).toBe(false);
    expect(isValidEmail('warga@example.co.id')).toBe(true);
    expect(isValidEmail('warga@')).toBe(false);
  });

  test('masking shows only the last characters', () => {
    expect(maskIdentifier('3201014501900001')).toBe('••••••••••••0001');
    expect(maskIdentifier('123')).toBe('•••');
  });
});

describe('finding identifiers in a message', () => {
  const kinds = (text: string) => findIdentifiers(text).map((match) => match.kind);

  test('recognises each kind, using the words just before a number', () => {
    expect(kinds('resi RR123456785ID belum update')).toEqual(['s10']);
    expect(kinds('imei 490154203237518 masih diblokir')).toEqual(['imei']);
    expect(kinds('kode billing 412345678901234 sudah dibayar')).toEqual(['billing_code']);
    expect(kinds('NIK 3201014501900001 dan NPWP 09.254.294.3-407.000')).toEqual(['nik', 'npwp']);
    expect(kinds('awb 157-12345675 dari Singapura')).toEqual(['awb']);
    expect(kinds('hubungi saya di 0812 3456 7890 atau warga@example.com')).toEqual(['phone', 'email']);
    expect(kinds('paspor saya X1234567')).toEqual(['passport']);
    expect(kinds('nomor kiriman LP00123456789012CN')).toEqual(['tracking_number']);
  });

  test('amounts, dates, regulation numbers and the contact centre are not identifiers', () => {
    expect(kinds('harga hp Rp 15.000.000 kena pajak berapa')).toEqual([]);
    expect(kinds('total 15000000 rupiah')).toEqual([]);
    expect(kinds('PMK 34/2025 berlaku 06/06/2025')).toEqual([]);
    expect(kinds('telepon Bravo 1500225')).toEqual([]);
    expect(kinds('lihat www.beacukai.go.id/barangkiriman.html?id=1234567890')).toEqual([]);
  });

  test('redaction keeps no identifier value', () => {
    const redacted = redactIdentifiers('IMEI 490154203237518, NIK 3201014501900001, email warga@example.com');
    expect(redacted).not.toMatch(/490154203237518|3201014501900001|warga@example\.com/);
    expect(redacted).toContain('__imei__');
    expect(redacted).toContain('__nik__');
    expect(redacted).toContain('__email__');
  });
});
