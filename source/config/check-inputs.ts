import {X509Certificate} from 'node:crypto';
import {constants} from 'node:fs';
import {access, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {UsageError, parseUrlList} from './parse-options.js';

/** Read and parse a --urls file, turning file-system errors into one-line usage errors. */
export async function loadUrlList(file: string): Promise<string[]> {
	let content: string;
	try {
		content = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot read');
		throw new UsageError(`--urls ${file}: ${why}`);
	}

	return parseUrlList(content, file);
}

/**
 * Read --cacert: PEM text holding at least one certificate Node can parse. Checked before any
 * download, so a wrong path is one usage line rather than a certificate error on every image.
 */
export async function loadCaFile(file: string): Promise<string> {
	let content: string;
	try {
		content = await readFile(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot read');
		throw new UsageError(`--cacert ${file}: ${why}`);
	}

	const first = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(content);
	try {
		if (!first) {
			throw new Error('no certificate');
		}

		// Parsed only to refuse a broken file now; Node's TLS reads the whole text, every certificate in it.
		void new X509Certificate(first[0]);
	} catch {
		throw new UsageError(`--cacert ${file}: no PEM certificate in the file (want -----BEGIN CERTIFICATE-----)`);
	}

	return content;
}

/**
 * --out must be a folder we can write to, or a path we can create. Checked before any download so a
 * typo fails in a second, not after a whole sequential run.
 */
export async function checkOutDir(out: string): Promise<void> {
	let current = path.resolve(out);
	for (;;) {
		let info;
		try {
			info = await stat(current);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOENT' && path.dirname(current) !== current) {
				current = path.dirname(current);
				continue;
			}

			if (code === 'ENOTDIR') {
				throw new UsageError(`--out ${out}: a part of the path is a file, not a folder`);
			}

			throw new UsageError(`--out ${out}: ${code ?? 'cannot be used'}`);
		}

		if (!info.isDirectory()) {
			throw new UsageError(current === path.resolve(out) ? `--out ${out}: is a file, not a folder` : `--out ${out}: ${path.relative(process.cwd(), current) || current} is a file, not a folder`);
		}

		try {
			await access(current, constants.W_OK | constants.X_OK);
		} catch {
			throw new UsageError(`--out ${out}: ${current} is not writable`);
		}

		return;
	}
}
