/**
 * The bot's light Markdown as the plain text Messenger and Instagram show: both render message
 * text verbatim (the Send API has no formatting field), so `**bold**` would reach the citizen with
 * its asterisks. Emphasis markers are dropped and links become "label (url)"; the platforms turn
 * the bare URL into a tappable link themselves.
 */
export function toMetaPlainText(markdown: string): string {
  return (
    markdown
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_match, label: string, url: string) => (label === url ? url : `${label} (${url})`))
      .replace(/\*\*(\S(?:[^*]*?\S)?)\*\*/g, '$1')
      .replace(/__(\S(?:[^_]*?\S)?)__/g, '$1')
      .replace(/~~(\S(?:[^~]*?\S)?)~~/g, '$1')
      .replace(/`([^`\n]+)`/g, '$1')
      // Single markers only where they open and close a word: `PMK_199` or `a * b` keep theirs.
      .replace(/(^|[\s(])([*_])(\S(?:[^\n]*?\S)?)\2(?=$|[\s).,!?:;])/gm, '$1$3')
  );
}
