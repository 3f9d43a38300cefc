/**
 * The bot's light Markdown as Telegram HTML (https://core.telegram.org/bots/api#html-style):
 * `**bold**` → <b>, `_italic_` → <i>, `` `code` `` → <code>, `[text](https://…)` → <a>. HTML needs
 * only `<`, `>` and `&` escaped (channels.md section 2.3), which is safer for citizens' and officers'
 * text than MarkdownV2's eighteen special characters. URLs are kept whole (an underscore inside a
 * URL is not italics), and Telegram links bare URLs itself.
 */
export function markdownToTelegramHtml(markdown: string): string {
  const kept: string[] = [];
  // Kept pieces wait behind private-use markers, which no message of ours contains.
  const keep = (html: string) => `\uE000${kept.push(html) - 1}\uE001`;

  let text = markdown.replace(/[\uE000\uE001]/g, '');
  text = text.replace(/`([^`\n]+)`/g, (_match, code: string) => keep(`<code>${escapeHtml(code)}</code>`));
  text = text.replace(/\[([^\]\n]+)\]\(((?:https?:\/\/|mailto:|tel:)[^\s)]+)\)/g, (_match, label: string, url: string) =>
    keep(`<a href="${escapeAttribute(url)}">${escapeHtml(label)}</a>`),
  );
  text = text.replace(/\bhttps?:\/\/[^\s<>]*[^\s<>.,;:!?)'"]/g, (url) => keep(escapeHtml(url)));
  text = escapeHtml(text);
  text = text.replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, '<b>$1</b>');
  text = text.replace(/(?<![\p{L}\p{N}_])_(?=\S)([^\n_]*?\S)_(?![\p{L}\p{N}_])/gu, '<i>$1</i>');
  return text.replace(/\uE000(\d+)\uE001/g, (_match, index: string) => kept[Number(index)]);
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}
