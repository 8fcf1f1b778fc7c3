// HTTP clients: got (the design card's, the default) and undici (Node's own fetch engine, the fast one), behind one contract (contract.ts), each mapping its own errors to imgrace's codes at its edge.
import type {ClientOptions, HttpClient} from './contract.js';

export type {ClientOptions, Exchange, HttpClient, RequestMarks, ResponseHead, Transfer} from './contract.js';

/**
 * The run's client, loaded the same way on every thread and in every process: by name, on first use,
 * so that neither `--version` nor a run on the other client pays for loading this one.
 */
export async function openClient(options: ClientOptions): Promise<HttpClient> {
	if (options.settings.name === 'undici') {
		const {createUndiciClient} = await import('./undici/client.js');
		return createUndiciClient(options);
	}

	const {createGotClient} = await import('./got/client.js');
	return createGotClient(options);
}
