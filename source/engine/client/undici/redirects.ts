import {DownloadError} from '../../errors.js';
import {maxRedirects} from '../contract.js';

/** got's redirect statuses: anything else in 3xx (304 included) is the final response. */
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export type Hop = {readonly url: URL; readonly crossOrigin: boolean};

/**
 * Where a response sends the request next, by got's rules, so that both clients follow (and refuse) a
 * redirect alike: undefined for a final response, the next URL for a redirect, or why it cannot be
 * followed. The Location's bytes are read as UTF-8, as got reads them; credentials in the URL go along
 * to the same origin only.
 */
export function nextHop(status: number, location: string | string[] | undefined, from: URL, hops: number): Hop | DownloadError | undefined {
	const target = Array.isArray(location) ? location[0] : location;
	if (!redirectStatuses.has(status) || target === undefined || target === '') {
		return undefined;
	}

	if (hops >= maxRedirects) {
		return DownloadError.tooManyRedirects(undefined);
	}

	let next: URL;
	try {
		next = new URL(Buffer.from(target, 'latin1').toString(), from);
	} catch (error) {
		return DownloadError.badRedirect('invalid', target, error);
	}

	if (next.protocol !== 'http:' && next.protocol !== 'https:') {
		return DownloadError.badRedirect('scheme', target);
	}

	const crossOrigin = next.origin !== from.origin;
	next.username = crossOrigin ? '' : from.username;
	next.password = crossOrigin ? '' : from.password;
	return {url: next, crossOrigin};
}
