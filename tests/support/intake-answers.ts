import type { IntakeField } from '../../dialogs/intake/fields';
import { intakeMessagesFor } from '../../dialogs/messages/intake-catalog';
import type { DirectLineTestClient } from './direct-line-client';
import { eventually } from './test-service';

/** A valid value for every field the intake can ask (check digits and dates included). */
export const SAMPLE_ANSWERS: Record<IntakeField, string> = {
  name: 'Budi Santoso',
  phone: '0812 3456 7890',
  email: 'budi@example.com',
  contact: '0812 3456 7890',
  nik: '3174015501900001',
  npwp: 'lewati',
  passport: 'X1234567',
  trackingNumber: 'RR123456785ID',
  airWaybill: '160-12345675',
  imei: '490154203237518',
  pibNumber: '000123',
  pebNumber: '000456',
  billingCode: '412345678901234',
  nppbkc: 'lewati',
  documents: 'lewati',
  itemDescription: 'lewati',
  flightDetails: 'lewati',
} as Record<IntakeField, string>;

const questions = intakeMessagesFor('id').questions as Record<IntakeField, string>;

/**
 * What a citizen answers to the bot's latest intake message: consent yes, a sample value for a
 * field's question, yes to the summary; undefined when the message is not an intake question.
 */
export function intakeAnswerFor(botText: string): string | undefined {
  if (/Apakah Anda setuju\?/.test(botText)) return 'Ya';
  if (/Mohon periksa kembali data Anda/.test(botText)) return 'Ya';
  for (const [field, question] of Object.entries(questions) as Array<[IntakeField, string]>) {
    if (botText.startsWith(question)) return SAMPLE_ANSWERS[field];
  }
  return undefined;
}

/**
 * Answers the intake over Direct Line until the ticket receipt arrives; resolves with the ticket
 * number. Fails when the bot asks something this helper does not know.
 */
export async function completeIntake(client: DirectLineTestClient, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let answered = 0;
  while (Date.now() < deadline) {
    const messages = await eventually(async () => {
      const all = await client.botMessages();
      return all.length > answered ? all : undefined;
    }, timeoutMs);
    const last = String(messages.at(-1)?.text ?? '');
    const receipt = /nomor tiket (TP-\d{4}-\d{4})/.exec(last);
    if (receipt) return receipt[1];
    answered = messages.length;
    const answer = intakeAnswerFor(last);
    if (answer !== undefined) await client.send(answer);
  }
  throw new Error('completeIntake(): no ticket receipt in time');
}
