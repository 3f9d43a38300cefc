import type { Language } from './messages';

/** What the bot remembers about a citizen across conversations on one channel identity. */
export interface UserProfile {
  /** Chosen explicitly by the citizen; until then the activity locale decides. */
  language?: Language;
  /** The language of the citizen's last question, used until they choose one explicitly. */
  detectedLanguage?: Language;
  /** The citizen agreed to the consent notice before giving personal data (UU 27/2022). */
  consentGiven?: boolean;
}
