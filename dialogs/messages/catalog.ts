/**
 * User-facing text, one catalog per language (STYLE.md rule 10). Dialogs and the bot ask for a
 * message by key; nothing user-facing is written inline elsewhere.
 */
export type Language = 'id' | 'en';

export const LANGUAGES: readonly Language[] = ['id', 'en'];

/** What a catalog needs to know about the office to fill its messages. */
export interface OfficeFacts {
  officeName: string;
  /** Opening hours already formatted for the language, e.g. "Senin–Kamis 08.00–16.30 WITA". */
  serviceHours: string;
}

export interface MessageCatalog {
  welcome(office: OfficeFacts): string;
  privacyNotice: string;
  chooseLanguage: string;
  languageChoiceIndonesian: string;
  languageChoiceEnglish: string;
  languageSwitched: string;
  greetingReply: string;
  thanksReply: string;
  helpReply(office: OfficeFacts): string;
  notAnsweredYet: string;
  answerSource(url: string, regulations: string): string;
  clarifyPrompt: string;
  noneOfThese: string;
  noneOfTheseReply: string;
  officerNeeded: string;
  /** The receipt of a handoff: ticket number, due time (office local time), free of charge, how to complain. */
  ticketReceipt(number: string, dueAt: string): string;
  handoffFailed: string;
  officerFinished(number: string): string;
  /** The citizen followed up soon after the answer: the message went to the officer of the ticket. */
  ticketReopened(number: string): string;
  outOfScope: string;
  attachmentReceived(count: number): string;
  unsupportedActivity: string;
  turnError: string;
  weekdayNames: readonly string[];
  timeZoneAbbreviation(timezone: string): string;
}

export function isLanguage(value: unknown): value is Language {
  return value === 'id' || value === 'en';
}

/** Maps a BCP-47 locale ("id-ID", "en-US") to a catalog language; Indonesian by default. */
export function languageFromLocale(locale: string | undefined): Language {
  return locale?.toLowerCase().startsWith('en') ? 'en' : 'id';
}
