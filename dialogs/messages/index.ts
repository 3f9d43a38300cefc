import { DateTime } from 'luxon';
import type { OfficeCalendar } from '../../officers/office-calendar';
import { groupOpeningHours } from '../../officers/office-calendar';
import type { Language, MessageCatalog, OfficeFacts } from './catalog';
import { english } from './en';
import { indonesian } from './id';

export * from './catalog';

const catalogs: Record<Language, MessageCatalog> = { id: indonesian, en: english };

export function messagesFor(language: Language): MessageCatalog {
  return catalogs[language];
}

const WEEK_ORDER = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "Senin–Kamis 08.00–16.30 WITA, Jumat 08.00–17.00 WITA" (Indonesian writes times with a dot). */
export function formatServiceHours(calendar: OfficeCalendar, language: Language): string {
  const catalog = messagesFor(language);
  const time = (value: string) => (language === 'id' ? value.replace(':', '.') : value);
  const zone = catalog.timeZoneAbbreviation(calendar.timezone);
  const separator = language === 'id' ? ', ' : '; ';
  return groupOpeningHours(calendar)
    .map((period) => {
      const first = catalog.weekdayNames[WEEK_ORDER.indexOf(period.days[0])];
      const last = catalog.weekdayNames[WEEK_ORDER.indexOf(period.days[period.days.length - 1])];
      const days = period.days.length === 1 ? first : `${first}–${last}`;
      return `${days} ${time(period.open)}–${time(period.close)} ${zone}`;
    })
    .join(separator);
}

export function officeFacts(calendar: OfficeCalendar, language: Language): OfficeFacts {
  return { officeName: calendar.office, serviceHours: formatServiceHours(calendar, language) };
}

/** "Senin, 14 Desember 2026 pukul 09.00 WITA" / "Monday 14 December 2026, 09:00 WITA (UTC+8)". */
export function formatOfficeDateTime(instant: Date, calendar: OfficeCalendar, language: Language): string {
  const local = DateTime.fromJSDate(instant, { zone: calendar.timezone }).setLocale(language === 'id' ? 'id-ID' : 'en-GB');
  const zone = messagesFor(language).timeZoneAbbreviation(calendar.timezone);
  return language === 'id' ? `${local.toFormat("cccc, d LLLL yyyy 'pukul' HH.mm")} ${zone}` : `${local.toFormat('cccc d LLLL yyyy, HH:mm')} ${zone}`;
}
