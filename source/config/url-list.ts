import {displayText} from '../format/safe-text.js';
import {UsageError} from './usage-error.js';

/** Images a race may have, from --count or a --urls file. */
export const maxCount = 100_000;

/** http(s) URLs only: anything else (file:, ftp:, javascript:) is refused before any request. */
export function parseHttpUrl(value: string, where: string): string {
	// A line of a binary file can be megabytes of anything: shown cut, escaped and without its password.
	const shown = displayText(value, 100);
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		throw new UsageError(`${where}: '${shown}' is not a valid URL`);
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new UsageError(`${where}: '${shown}' uses ${displayText(url.protocol.replace(/:$/, ''), 20)}:, only http and https are supported`);
	}

	if (url.hostname === '') {
		throw new UsageError(`${where}: '${shown}' has no host`);
	}

	return url.href;
}

const maxProblemLines = 10;

/**
 * Parse the text of a --urls file: one URL a line, blank lines and # comments skipped. Every bad line
 * is reported with its line number (all of them at once, so a user fixes the file in one go).
 */
export function parseUrlList(content: string, file: string): string[] {
	const urls: string[] = [];
	const problems: string[] = [];
	for (const [number, raw] of content.split(/\r?\n/).entries()) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#')) {
			continue;
		}

		try {
			const url = parseHttpUrl(line, `${file}:${number + 1}`);
			// "URL # note" parses, as "URL%20#%20note", and fails as a 404: a space is no part of a URL in a list.
			if (/\s/.test(line)) {
				throw new UsageError(`${file}:${number + 1}: '${displayText(line, 100)}' has a space in it: one URL a line, and a # comment on a line of its own`);
			}

			urls.push(url);
		} catch (error) {
			problems.push((error as Error).message);
		}
	}

	if (problems.length > 0) {
		// All at once, so a file is fixed in one go, but not ten thousand lines for a file that is no list.
		const shown = problems.slice(0, maxProblemLines);
		if (problems.length > maxProblemLines) {
			shown.push(`${file}: ${(problems.length - maxProblemLines).toLocaleString('en-US')} more bad lines`);
		}

		throw new UsageError(shown.join('\n'));
	}

	if (urls.length === 0) {
		throw new UsageError(`--urls ${file}: no URLs in the file (blank lines and # comments are skipped)`);
	}

	if (urls.length > maxCount) {
		throw new UsageError(`--urls ${file}: ${urls.length} URLs, at most ${maxCount.toLocaleString('en-US')} are supported`);
	}

	return urls;
}
