import {displayText} from '../../format/safe-text.js';

const entities: Readonly<Record<string, string>> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;'};

/** Text for HTML, in an element or an attribute: nothing in it can open a tag or close the attribute. */
export function escapeHtml(text: string): string {
	return text.replaceAll(/[&<>"']/g, character => entities[character]!);
}

/** Text from elsewhere (a URL, a server's reason): control characters shown escaped, passwords hidden, then HTML-escaped. */
export function outsideHtml(text: string, maxLength = 300): string {
	return escapeHtml(displayText(text, maxLength));
}

/**
 * A value as JSON that is safe inside a <script> element: `<` (so no `</script>` or `<!--`) and the
 * two line separators JavaScript once refused are written as escapes.
 */
export function scriptJson(value: unknown): string {
	return JSON.stringify(value).replaceAll('<', String.raw`\u003c`).replaceAll('\u2028', String.raw`\u2028`).replaceAll('\u2029', String.raw`\u2029`);
}
