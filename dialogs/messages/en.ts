import type { MessageCatalog } from './catalog';

const zoneAbbreviations: Record<string, string> = {
  'Asia/Jakarta': 'WIB (UTC+7)',
  'Asia/Pontianak': 'WIB (UTC+7)',
  'Asia/Makassar': 'WITA (UTC+8)',
  'Asia/Jayapura': 'WIT (UTC+9)',
};

export const english: MessageCatalog = {
  welcome: (office) =>
    `Welcome to the Indonesian Customs and Excise (Bea Cukai) information service of ${office.officeName} (tanya-pabean). ` +
    `I am a virtual assistant: I answer questions about customs and excise and can pass you to an officer. ` +
    `This service is FREE of charge. ` +
    `Officers work ${office.serviceHours}; questions sent outside those hours are still received.`,
  privacyNotice:
    'Privacy: this conversation is kept to serve your request; personal data is asked for only when needed, after your consent (Law 27/2022).',
  chooseLanguage: 'Type your question right away, or choose a language:',
  languageChoiceIndonesian: 'Bahasa Indonesia',
  languageChoiceEnglish: 'English',
  languageSwitched: "Fine, let's continue in English. Please type your question.",
  greetingReply: 'Hello! How can we help you with customs and excise? Please type your question.',
  thanksReply: "You're welcome. If you have another question, just type it.",
  helpReply: (office) =>
    `You can ask about passenger goods, parcels from abroad, IMEI registration, payments, excise, exports and imports. ` +
    `Officers of ${office.officeName} work ${office.serviceHours}. Bravo Bea Cukai contact centre: 1500 225.`,
  notAnsweredYet:
    'Sorry, I cannot answer that here yet. For direct help call the Bravo Bea Cukai contact centre on 1500 225 ' +
    'or see www.beacukai.go.id. This service is free of charge.',
  answerSource: (url, regulations) => `Legal basis: ${regulations}. Source: ${url}`,
  clarifyPrompt: 'Which one do you mean? Pick one, or type your question in other words.',
  noneOfThese: 'None of these',
  noneOfTheseReply:
    'All right. Please type your question in other words, or call the Bravo Bea Cukai contact centre on 1500 225 to talk to an officer. This service is free of charge.',
  officerNeeded:
    'This concerns your own case and needs an officer to check it. While officer chat is being set up here, ' +
    'please call the Bravo Bea Cukai contact centre on 1500 225 or use SIPUMA (www.beacukai.go.id/pengaduan.html). This service is free of charge.',
  ticketReceipt: (number, dueAt) =>
    `Your request has been passed to an officer with ticket number ${number}. You will get the answer by ${dueAt} at the latest. ` +
    'This service is FREE of charge. Your next messages here go straight to the officer. ' +
    'If you are unhappy with our service: SIPUMA www.beacukai.go.id/pengaduan.html, e-mail pengaduan.beacukai@customs.go.id, or Bravo Bea Cukai 1500 225.',
  handoffFailed:
    'Sorry, your request cannot be passed to an officer right now. Please try again shortly or call Bravo Bea Cukai on 1500 225. This service is free of charge.',
  officerFinished: (number) =>
    `The officer has completed ticket ${number}. If something about this ticket is still unclear, just reply: we pass your message to the officer. For other general questions, just type them.`,
  ticketReopened: (number) => `We have passed your message to the officer handling ticket ${number}. Please wait for the reply in this conversation.`,
  outOfScope:
    'Sorry, that is outside customs and excise. For passports and visas contact Immigration (imigrasi.go.id); ' +
    'for annual tax returns and income tax contact the tax office DJP (pajak.go.id). Ask me about import duty, parcels, passenger goods, IMEI, excise, exports and imports.',
  attachmentReceived: (count) => `Thank you, we received ${count} file(s).`,
  unsupportedActivity: 'Sorry, we cannot process this kind of message yet. Please send it as text.',
  turnError: 'Sorry, something went wrong on our side. Please send your message again in a moment.',
  weekdayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  timeZoneAbbreviation: (timezone) => zoneAbbreviations[timezone] ?? timezone,
};
