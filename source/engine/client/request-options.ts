import {tlsModule} from './lazy-builtins.js';
import {decodableCodings} from '../download/content-coding.js';
import type {ClientSettings} from '../run-spec.js';

/**
 * What every client sends and trusts, made once per run from the settings, so that the clients cannot
 * drift apart: the same headers, the same certificate authorities, the same proxy variables.
 */

/** Header names lower-cased: `-H 'User-Agent: x'` replaces the default one. */
export function requestHeaders(settings: ClientSettings): Record<string, string | string[]> {
	const user = Object.entries(settings.headers).map(([name, values]) => [name.toLowerCase(), values.length === 1 ? values[0]! : [...values]] as const);
	// Only what the download core decodes is asked for: it undoes the codings itself, for every client alike.
	return {'user-agent': settings.userAgent, accept: 'image/*,*/*;q=0.8', 'accept-encoding': decodableCodings.join(', '), ...Object.fromEntries(user)};
}

/** Certificate checks as the user changed them (--insecure, --cacert), or undefined for Node's defaults. */
export function tlsOptions(settings: ClientSettings): {rejectUnauthorized: boolean; ca?: string[]} | undefined {
	if (!settings.insecure && settings.ca === undefined) {
		return undefined;
	}

	return {rejectUnauthorized: !settings.insecure, ...(settings.ca === undefined ? {} : {ca: [...defaultCertificates(), settings.ca]})};
}

/**
 * The authorities Node trusts by default (NODE_EXTRA_CA_CERTS included where Node can say so): a `ca`
 * option replaces them, and --cacert adds to them.
 */
function defaultCertificates(): readonly string[] {
	const tls = tlsModule();
	// getCACertificates came in Node 22.15; earlier ones only have the bundled list.
	return typeof tls.getCACertificates === 'function' ? tls.getCACertificates('default') : tls.rootCertificates;
}

/** Any of the proxy variables set (either case), so a run without them keeps the direct path untouched. */
export function proxyConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
	return ['http_proxy', 'https_proxy', 'all_proxy'].some(name => Boolean(env[name] ?? env[name.toUpperCase()]));
}

/**
 * The proxy for a scheme, read as proxy-from-env (got's) and curl read it: the scheme's variable, lower
 * case first, then ALL_PROXY; a value with no scheme (`127.0.0.1:3128`) is an http:// proxy, as curl takes
 * it (proxy-from-env would give it the request's scheme, and undici refuses it). Both clients take
 * their proxy from here, so the same environment sends them the same way.
 */
export function proxyFor(scheme: 'http' | 'https', env: NodeJS.ProcessEnv = process.env): string | undefined {
	const names = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, 'all_proxy', 'ALL_PROXY'];
	const value = names.map(name => env[name]).find(value => Boolean(value));
	return value === undefined || /^[a-z][\w+.-]*:\/\//i.test(value) ? value : `http://${value}`;
}
