import type { Language } from './messages';

/** What the bot remembers about a citizen across conversations on one channel identity. */
export interface UserProfile {
  /** Chosen explicitly by the citizen; until then the activity locale decides. */
  language?: Language;
}
