import {getProxyForUrl} from 'proxy-from-env';
import {displayText} from '../format/safe-text.js';
import {UsageError} from './usage-error.js';

/** The variable proxy-from-env takes a URL's proxy from: lower case first, then upper, then ALL_PROXY. */
function proxyVariable(protocol: string, env: NodeJS.ProcessEnv): string {
	const names = [`${protocol}_proxy`, `${protocol}_proxy`.toUpperCase(), 'all_proxy', 'ALL_PROXY'];
	return names.find(name => Boolean(env[name])) ?? names[0]!;
}

/** The proxy is one the agents can speak to: http or https, with a host. */
function usableProxy(proxy: string): boolean {
	try {
		const url = new URL(proxy);
		return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
	} catch {
		return false;
	}
}

/**
 * The proxy variables the race's URLs would go through (HTTP_PROXY, HTTPS_PROXY, ALL_PROXY, either
 * case, unless NO_PROXY exempts them), checked before the race: a value that is no proxy URL is one
 * usage line naming the variable, rather than every image failing as "Invalid URL". A variable the
 * race would not use is left alone, whatever it holds.
 */
export function checkProxyEnv(urls: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
	// Per origin, not per URL: a list of 100,000 URLs has a handful of hosts.
	const origins = new Set(urls.map(url => new URL(url).origin));
	for (const origin of origins) {
		const proxy = getProxyForUrl(`${origin}/`);
		if (proxy !== '' && !usableProxy(proxy)) {
			const name = proxyVariable(origin.slice(0, origin.indexOf(':')), env);
			throw new UsageError(`${name}='${displayText(env[name] ?? '', 100)}' is not a proxy URL imgrace can use (want http://host:port or https://host:port): fix it, or unset it to connect directly`);
		}
	}
}
