/**
 * Text from elsewhere (a server's reason phrase, header values, URLs, redirect targets, lines of a
 * --urls file) must never reach the terminal as commands. C0 controls (ESC among them), DEL and C1
 * (U+0080-U+009F: U+009B is a one-character CSI to some terminals) can retitle, recolour or move the
 * cursor; bidi overrides and isolates make a line read in another order than it is. Each such character
 * is shown escaped (`\x1b`, `\u202e`) rather than dropped, so the reader sees something was there.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const unsafe = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

/** `scheme://user:password@` → `scheme://user:***@`, anywhere in a text (a URL inside a message too). */
const credentials = /\b([a-z][a-z\d+.-]*:\/\/[^\s/?#@:]*):[^\s/?#@]*@/gi;

function escapeOne(character: string): string {
	const code = character.codePointAt(0)!;
	return code <= 0xFF ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Control and bidi characters escaped; longer than `maxLength` code points cut, with an ellipsis. */
export function safeText(text: string, maxLength = Number.POSITIVE_INFINITY): string {
	const escaped = text.replace(unsafe, escapeOne);
	if (escaped.length <= maxLength) {
		return escaped;
	}

	const characters = [...escaped];
	return characters.length <= maxLength ? escaped : `${characters.slice(0, Math.max(0, maxLength - 1)).join('')}…`;
}

/** Passwords in URLs replaced by `***`; the user name stays, it says which account was used. */
export function redactCredentials(text: string): string {
	return text.replace(credentials, '$1:***@');
}

/** Matches a text that may need escaping or redacting: a control or bidi character, or an `@`. */
const needsWork = new RegExp(`${unsafe.source}|@`);

/** What every displayed or reported piece of outside text goes through. */
export function displayText(text: string, maxLength?: number): string {
	// The common case (a plain URL, "HTTP 404 Not Found") costs one test, no copy: events carry
	// several such texts per image.
	if (maxLength === undefined && !needsWork.test(text)) {
		return text;
	}

	return safeText(redactCredentials(text), maxLength);
}

/** Outside text for a one-line reason the engine composes: escaped, cut with an ASCII "..." (reasons are read under any locale). */
export function reasonText(text: string, maxLength: number): string {
	const escaped = safeText(text);
	return escaped.length > maxLength ? `${escaped.slice(0, maxLength - 3)}...` : escaped;
}
