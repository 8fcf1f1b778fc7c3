import {validateHeaderName, validateHeaderValue} from 'node:http';
import type {FlagReader} from './flag-reader.js';
import {clientNames, type ClientName} from '../engine/run-spec.js';
import {defaults} from '../defaults.js';
import type {ClientFlags} from './race-config.js';
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

		const known = Object.keys(headers).find(other => other.toLowerCase() === name.toLowerCase());
		if (known !== undefined && singleValueHeaders.has(name.toLowerCase())) {
			throw new UsageError(`--header ${name} was given twice: a request carries one ${name.toLowerCase()} header`);
		}

		(headers[known ?? name] ??= []).push(value);
	}

	return headers;
}

/** Headers a request carries once at most (got's list): a second value is refused by HTTP clients, so it is a usage error here. */
const singleValueHeaders = new Set(['authorization', 'content-length', 'host', 'proxy-authorization']);

/** --client, -H, --user-agent, --insecure, --cacert (the file itself is read later, by ca-file.ts). */
export function parseClientFlags(read: FlagReader): ClientFlags {
	const name = read.text('client') ?? defaults.client;
	if (!clientNames.includes(name as ClientName)) {
		throw new UsageError(`--client must be ${clientNames.join(' or ')}, got '${name}'`);
	}

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

	return {name: name as ClientName, headers: parseHeaders(read.list('header')), userAgent: userAgent ?? defaults.userAgent, insecure: read.toggle('insecure') === true, cacertFile};
}
