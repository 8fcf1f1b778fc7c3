import {X509Certificate} from 'node:crypto';
import {displayText} from '../format/safe-text.js';
import {readNamedFile} from './named-file.js';
import {UsageError} from './usage-error.js';

/** Debian's whole CA bundle is about 220 KB: a file fifty times that is no certificate file. */
export const maxCaBytes = 10 * 1024 * 1024;

/**
 * Read --cacert: PEM text holding at least one certificate Node can parse. Checked before any
 * download, so a wrong path is one usage line rather than a certificate error on every image. The read
 * is bounded and ends with the signal (a FIFO nobody writes to, /dev/zero: named-file.ts).
 */
export async function loadCaFile(file: string, signal?: AbortSignal): Promise<string> {
	const content = (await readNamedFile(file, {flag: '--cacert', maxBytes: maxCaBytes, what: 'a certificate file'}, signal)).toString('utf8');

	const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(content);
	try {
		if (!first) {
			throw new Error('no certificate');
		}

		// Parsed only to refuse a broken file now; Node's TLS reads the whole text, every certificate in it.
		void new X509Certificate(first[0]);
	} catch {
		throw new UsageError(`--cacert ${displayText(file, 120)}: no PEM certificate in the file (want -----BEGIN CERTIFICATE-----)`);
	}

	return content;
}

