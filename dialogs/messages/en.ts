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
  feedbackPrompt: 'Was this answer helpful?',
  yes: 'Yes',
  no: 'No',
  feedbackThanks: 'Thank you for your feedback. If you have another question, just type it.',
  notHelpfulPrompt: 'Sorry the answer did not help. Would you like to rephrase your question, or talk to an officer?',
  rephraseChoice: 'Rephrase my question',
  officerChoice: 'Talk to an officer',
  rephraseInvite: 'Please type your question in other words. Mention the kind of goods, where they come from and where they go, if any.',
  noneOfTheseOffer: 'All right. You can type your question in other words, or talk to an officer.',
  handoffIntro: 'All right, we will pass your request to an officer.',
  outOfHours: (backAt, dueAt) =>
    `Officers are off duty right now; they are back on ${backAt}. Your request is still received, and you will get the answer by ${dueAt} at the latest.`,
  scamSeasonReminder:
    'Be careful: fake "customs" scams peak before weekends and holidays. Our officers never ask you to transfer money to a personal account or e-wallet.',
  handoffCancelled: 'All right, the request to an officer is cancelled and what you typed for it is not kept. Type another question any time.',
  cancelled: 'All right, cancelled. Type your question whenever you like.',
  nothingToCancel: 'There is no request in progress. Please type your question.',
  ticketCancelledByCitizen: (number) => `Ticket ${number} has been cancelled at your request. Type a new question any time.`,
  statusHeader: 'Your tickets on this channel:',
  statusLine: (number, status, dueAt) => `• ${number}: ${status}; answer due by ${dueAt}`,
  statusLabels: {
    queued: 'waiting for an officer',
    assigned: 'being handled by an officer',
    escalated: 'escalated to a senior officer or unit',
    answered: 'answered',
    closed: 'completed',
    reopened: 'reopened, waiting for an officer',
  },
  statusNone: 'You have no tickets on this channel yet. Type "officer" if you would like to talk to one.',
  statusNotFound: (number) =>
    `Ticket ${number} is not among your tickets on this channel. To protect personal data, a ticket's status is shown only to the account that opened it.`,
  complaintChannels: (aboutOfficer) =>
    (aboutOfficer ? 'We are sorry about your experience. ' : 'Thank you for your feedback. ') +
    'You can complain through SIPUMA (www.beacukai.go.id/pengaduan.html), e-mail pengaduan.beacukai@customs.go.id, Bravo Bea Cukai 1500 225, ' +
    'fax (021) 4890966, a letter to the Director of Internal Compliance (Jl. Ahmad Yani By Pass, Rawamangun, Jakarta Timur 13230), or the office\'s internal compliance unit. ' +
    'Include what happened, where, when, who was involved, the chronology and evidence (PER-13/BC/2025).',
  complaintOfferPrompt: 'Would you like us to record this complaint as a ticket for the internal compliance unit?',
  complaintDeclined: 'All right. You can still complain directly through the channels above at any time.',
  scamWarning: (entryAnswer) => `⚠️ Careful: your message looks like a scam that uses the Bea Cukai name.\n\n${entryAnswer}`,
  ratingPrompt: (number) => `How would you rate our service on ticket ${number}? Choose 1 (very poor) to 5 (very good).`,
  ratingCommentPrompt: 'Thank you. Any short comment or suggestion? Type it, or choose "Skip".',
  skip: 'Skip',
  ratingThanks: 'Thank you for your rating. It helps us improve the service.',
  deleteConfirmPrompt:
    'You asked us to delete your personal data in this service (Law 27/2022): the conversation, the data you gave (such as your NIK or contact) ' +
    'and uploaded files will be deleted, and tickets still in progress will be closed. Service statistics without identity are kept. Go ahead?',
  deleteConfirmChoice: 'Yes, delete my data',
  deleteDone: (tickets) => `Your personal data has been deleted${tickets > 0 ? ` (${tickets} ticket(s) anonymised)` : ''}. You can still ask us anything at any time.`,
  deleteKept: 'All right, your data is kept.',
  attachmentReceived: (count) => `Thank you, we received ${count} file(s).`,
  choiceListButton: 'Choose',
  unsupportedActivity: 'Sorry, we cannot process this kind of message yet. Please send it as text.',
  turnError: 'Sorry, something went wrong on our side. Please send your message again in a moment.',
  weekdayNames: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  timeZoneAbbreviation: (timezone) => zoneAbbreviations[timezone] ?? timezone,
};
