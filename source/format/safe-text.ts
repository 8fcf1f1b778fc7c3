import type {EngineEvent} from '../engine/events.js';

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

/** What every displayed or reported piece of outside text goes through. */
export function displayText(text: string, maxLength?: number): string {
	return safeText(redactCredentials(text), maxLength);
}

const needsWork = new RegExp(`${unsafe.source}|@`);

function clean(text: string): string {
	// The common case (a plain URL, "HTTP 404 Not Found") costs one test, no copy.
	return needsWork.test(text) ? displayText(text) : text;
}

/**
 * The event with every piece of outside text made displayable: the one gate between the engine and
 * what the front ends (live UI, plain lines, JSON) show or report. Progress events, the hot path,
 * carry no text and pass through untouched.
 */
export function displayEvent(event: EngineEvent): EngineEvent {
	switch (event.type) {
		case 'run-started': {
			return {...event, urls: event.urls.map(url => clean(url)), outDir: clean(event.outDir)};
		}

		case 'image-queued':
		case 'image-started': {
			// Copied only when something changed: these come several times per image.
			const url = clean(event.url);
			return url === event.url ? event : {...event, url};
		}

		case 'image-first-byte': {
			return event.contentType === undefined ? event : {...event, contentType: clean(event.contentType)};
		}

		case 'image-retried': {
			return {...event, reason: clean(event.reason)};
		}

		case 'image-done': {
			const url = clean(event.url);
			const path = clean(event.path);
			const contentType = clean(event.contentType);
			return url === event.url && path === event.path && contentType === event.contentType ? event : {...event, url, path, contentType};
		}

		case 'image-failed': {
			return {...event, url: clean(event.url), reason: clean(event.reason)};
		}

		default: {
			return event;
		}
	}
}
