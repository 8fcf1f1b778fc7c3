// The parts of undici imgrace loads by path, so that neither the main thread nor a worker's bundle loads
// undici's index (fetch, WebSocket, caches, mocks: most of its code). Typed as the index types them; each
// file is CommonJS whose module.exports is the one value, imported as its default.
declare module 'undici/lib/dispatcher/agent.js' {
	import {Agent} from 'undici';
	export default Agent;
}

declare module 'undici/lib/dispatcher/pool.js' {
	import {Pool} from 'undici';
	export default Pool;
}

declare module 'undici/lib/dispatcher/env-http-proxy-agent.js' {
	import {EnvHttpProxyAgent} from 'undici';
	export default EnvHttpProxyAgent;
}

declare module 'undici/lib/core/connect.js' {
	import {buildConnector} from 'undici';
	export default buildConnector;
}

declare module 'undici/lib/dispatcher/dispatcher.js' {
	import {Dispatcher} from 'undici';
	export default Dispatcher;
}

declare module 'undici/lib/api/api-connect.js' {
	const connect: import('undici').Dispatcher['connect'];
	export default connect;
}

declare module 'undici/lib/core/symbols.js' {
	/**
	 * undici's private keys: the socket's parser (client/undici/refusals.ts), and the dispatch option
	 * through which a request still queued for its connection can be taken back (client/undici/client.ts).
	 */
	const symbols: {readonly kParser: symbol; readonly kQueuedAbort: symbol};
	export default symbols;
}
