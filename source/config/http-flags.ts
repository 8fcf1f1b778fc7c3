import {validateHeaderName, validateHeaderValue} from 'node:http';
import type {FlagReader} from './flag-reader.js';
import type {HttpFlags} from './race-config.js';
import {UsageError} from './usage-error.js';

/**
 * curl's `-H 'Name: value'`: a header name (an HTTP token), a colon, a value (spaces around it
 * dropped, empty allowed). Node's own header checks decide what is valid, so nothing is refused here
 * that Node would send, or accepted that it would throw on mid-race.
 */
export function parseHeaders(values: readonly string[]): Record<string, string[]> {
	const headers: Record<string, string[]> = {};
	for (const raw of values) {
		const colon = raw.indexOf(':');
		const name = colon === -1 ? '' : raw.slice(0, colon).trim();
		const value = colon === -1 ? '' : raw.slice(colon + 1).trim();
		const shown = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 57)}...` : raw);
		if (colon === -1 || name === '') {
			throw new UsageError(`--header ${shown}: want 'Name: value'`);
		}

		try {
			validateHeaderName(name);
		} catch {
			throw new UsageError(`--header ${shown}: '${JSON.stringify(name).slice(1, -1)}' is not a valid header name`);
		}

		try {
			validateHeaderValue(name, value);
		} catch {
			throw new UsageError(`--header ${shown}: the value has characters a header cannot carry`);
		}

		(headers[name] ??= []).push(value);
	}

	return headers;
}

/** -H, --user-agent, --insecure, --cacert (the file itself is read later, by ca-file.ts). */
export function parseHttpFlags(read: FlagReader): HttpFlags {
	const userAgent = read.text('user-agent');
	if (userAgent !== undefined) {
		try {
			validateHeaderValue('user-agent', userAgent);
		} catch {
			throw new UsageError('--user-agent has characters a header cannot carry');
		}
	}

	const cacertFile = read.text('cacert');
	if (cacertFile?.trim() === '') {
		throw new UsageError('--cacert needs a file name');
	}

	return {headers: parseHeaders(read.list('header')), userAgent, insecure: read.toggle('insecure') === true, cacertFile};
}
