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

		const lower = name.toLowerCase();
		if (connectionHeaders.has(lower)) {
			throw new UsageError(`--header ${shown}: ${lower} is the HTTP client's to set (it frames the request and runs the connection)${lower === 'connection' || lower === 'keep-alive' ? '; --no-keep-alive closes each connection after its image' : ''}`);
		}

		const known = Object.keys(headers).find(other => other.toLowerCase() === lower);
		if (known !== undefined && singleValueHeaders.has(name.toLowerCase())) {
			throw new UsageError(`--header ${name} was given twice: a request carries one ${name.toLowerCase()} header`);
		}

		(headers[known ?? name] ??= []).push(value);
	}

	return headers;
}

/** Headers a request carries once at most (got's list): a second value is refused by HTTP clients, so it is a usage error here. */
const singleValueHeaders = new Set(['authorization', 'host', 'proxy-authorization']);

/**
 * Headers that frame a request or run its connection: the clients set them, and given by hand they
 * broke the race differently on each (got sent `Content-Length: 5` on a body-less GET and every server
 * waited for the body; undici refuses `Transfer-Encoding` on every request, which read as a network failure).
 */
const connectionHeaders = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'upgrade', 'expect', 'te', 'trailer']);

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
