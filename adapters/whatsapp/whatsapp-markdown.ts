/**
 * Converts the bot's light Markdown to WhatsApp's formatting: `*bold*`, `_italic_`, `~strike~`,
 * and code as is, since WhatsApp renders ``` and ` itself (a client convention: channels.md §1.3).
 * Markdown's `**bold**` would show its asterisks literally, and its `*italic*` would turn bold.
 * Links become "text (url)", since WhatsApp shows no link text; headings become a bold line.
 */
export function markdownToWhatsApp(markdown: string): string {
  const kept: string[] = [];
  const keep = (text: string): string => {
    kept.push(text);
    return `\uE000${kept.length - 1}\uE001`;
  };
  const BOLD = '\uE002';

  let text = markdown
    // Code is shown verbatim: nothing inside it is formatting.
    .replace(/```[\s\S]*?```/g, keep)
    .replace(/`[^`\n]+`/g, keep)
    // A Markdown escape (\*) means the character itself, which WhatsApp shows as typed.
    .replace(/\\([\\*_~`[\]()#])/g, (_match, character: string) => keep(character))
    .replace(/\[([^\]\n]+)\]\((\S+?)(?:\s+"[^"\n]*")?\)/g, (_match, label: string, url: string) => linkText(label, url, keep))
    .replace(/\bhttps?:\/\/[^\s<>]+/g, keep)
    .replace(/^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$/gm, (_match, heading: string) => `**${heading.replace(/\*\*/g, '')}**`);

  text = text
    .replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, `${BOLD}$1${BOLD}`)
    .replace(/(?<!\w)__(?=\S)([^\n]*?\S)__(?!\w)/g, `${BOLD}$1${BOLD}`)
    // A single asterisk is Markdown italic; `* item` (a bullet) and `2 * 3` have a space after it.
    .replace(/(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])/g, '_$1_')
    .replace(/~~(?=\S)([^\n]*?\S)~~/g, '~$1~')
    .replaceAll(BOLD, '*');

  // Kept pieces may hold other kept pieces (an escape inside a link label).
  while (/\uE000\d+\uE001/.test(text)) text = text.replace(/\uE000(\d+)\uE001/g, (_match, index: string) => kept[Number(index)]);
  return text;
}

/** The label, then the address in brackets (kept verbatim: an underscore in a URL is not italic). */
function linkText(label: string, url: string, keep: (text: string) => string): string {
  const address = url.replace(/^mailto:/i, '');
  const bare = (value: string) => value.replace(/^https?:\/\//i, '').replace(/\/$/, '');
  return bare(label) === bare(address) ? keep(address) : `${label} (${keep(address)})`;
}
