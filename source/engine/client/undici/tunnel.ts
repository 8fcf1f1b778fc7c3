import connect from 'undici/lib/api/api-connect.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';

/**
 * undici's ProxyAgent opens an https tunnel with its dispatchers' `connect()` (HTTP CONNECT), which
 * undici's index installs on Dispatcher.prototype along with its other high-level methods. imgrace
 * loads undici's parts by path, never its index: the one method a tunnel needs is installed here,
 * once, when a race goes through a proxy.
 */
export function enableTunnels(): void {
	const prototype = Dispatcher.prototype as {connect?: unknown};
	prototype.connect ??= connect;
}
