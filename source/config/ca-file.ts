import {X509Certificate} from 'node:crypto';
import {readFile} from 'node:fs/promises';
import {displayText} from '../format/safe-text.js';
import {whyUnreadable} from './unreadable.js';
import {UsageError} from './usage-error.js';

/**
 * Read --cacert: PEM text holding at least one certificate Node can parse. Checked before any
 * download, so a wrong path is one usage line rather than a certificate error on every image.
 */
export async function loadCaFile(file: string): Promise<string> {
	let content: string;
	try {
		content = await readFile(file, 'utf8');
	} catch (error) {
		throw new UsageError(`--cacert ${displayText(file, 120)}: ${whyUnreadable(error)}`);
	}

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

