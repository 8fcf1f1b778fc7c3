import {readNamedFile} from './named-file.js';
import {parseUrlList} from './url-list.js';
import {UsageError} from './usage-error.js';
import {displayText} from '../format/safe-text.js';

/** A --urls list of 100,000 long URLs fits many times over; /dev/zero or a disk image does not. */
export const maxUrlsBytes = 64 * 1024 * 1024;

/** NUL or a control character no text file holds (tab, line ends and form feed are text). */
// eslint-disable-next-line no-control-regex -- looking for raw controls is the point.
const binary = /[\u0000-\u0008\u000E-\u001A\u001C-\u001F]/;

/**
 * Read and parse a --urls file (`-` for stdin, a pipe or FIFO too), turning file-system errors into
 * one-line usage errors. The signal (SIGINT, SIGTERM, SIGHUP) ends the read whenever it comes, also
 * while a pipe's writer keeps it open and silent. A binary file (an image, an archive) is one line
 * saying so, not a screenful of escaped bytes.
 */
export async function loadUrlList(file: string, signal?: AbortSignal): Promise<string[]> {
	const name = file === '-' ? 'stdin' : displayText(file, 120);
	const content = new TextDecoder().decode(await readNamedFile(file, {flag: '--urls', maxBytes: maxUrlsBytes, what: 'a list of URLs', stdin: true}, signal));
	if (binary.test(content)) {
		throw new UsageError(`--urls ${name}: not a text list of URLs (it holds binary data)`);
	}

	return parseUrlList(content, name);
}
