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

  // Answer feedback and the offers that follow a "no".
  feedbackPrompt: string;
  yes: string;
  no: string;
  feedbackThanks: string;
  notHelpfulPrompt: string;
  rephraseChoice: string;
  officerChoice: string;
  rephraseInvite: string;
  noneOfTheseOffer: string;

  // Handoff, out of hours, cancelling.
  handoffIntro: string;
  /** Outside office hours: when officers are back, and when the answer is due. */
  outOfHours(backAt: string, dueAt: string): string;
  /** Before a weekend or holiday: fake-fee scams cluster then (brief section 4). */
  scamSeasonReminder: string;
  handoffCancelled: string;
  nothingToCancel: string;
  cancelled: string;
  ticketCancelledByCitizen(number: string): string;

  // Ticket status.
  statusHeader: string;
  statusLine(number: string, status: string, dueAt: string): string;
  statusLabels: Record<'queued' | 'assigned' | 'escalated' | 'answered' | 'closed' | 'reopened', string>;
  statusNone: string;
  statusNotFound(number: string): string;

  // Complaints.
  complaintChannels(aboutOfficer: boolean): string;
  complaintOfferPrompt: string;
  complaintDeclined: string;

  // Scam guard.
  scamWarning(entryAnswer: string): string;

  // Rating after an officer's answer.
  ratingPrompt(number: string): string;
  ratingCommentPrompt: string;
  skip: string;
  ratingThanks: string;

  // Personal data deletion (UU 27/2022).
  deleteConfirmPrompt: string;
  deleteConfirmChoice: string;
  deleteDone(tickets: number): string;
  deleteKept: string;
  attachmentReceived(count: number): string;
  unsupportedActivity: string;
  /** The button that opens a list of choices on channels that show one (WhatsApp: at most 20 characters). */
  choiceListButton: string;
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
