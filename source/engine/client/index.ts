// HTTP clients: got (the design card's, the default) and undici (Node's own fetch engine, the fast one), behind one contract (contract.ts), each mapping its own errors to imgrace's codes at its edge.
import type {ClientName} from '../names.js';
import type {ClientOptions, HttpClient} from './contract.js';

export type {ClientOptions, Exchange, HttpClient, RequestMarks, ResponseHead, Transfer} from './contract.js';

type CreateClient = (options: ClientOptions) => HttpClient | Promise<HttpClient>;

/** Each client's module, imported on first use: neither `--version` nor a race on the other client pays for it. */
const modules: Readonly<Record<ClientName, () => Promise<CreateClient>>> = {
	got: async () => (await import('./got/client.js')).createGotClient,
	undici: async () => (await import('./undici/client.js')).createUndiciClient,
};

/**
 * Import a client's code (once per thread or process; later calls cost nothing). The controller does it
 * before a run's clock starts, so the first strategy of a race does not pay for the import and the others not.
 */
export async function loadClient(name: ClientName): Promise<void> {
	await modules[name]();
}

/** The run's client, loaded the same way on every thread and in every process: by name. */
export async function openClient(options: ClientOptions): Promise<HttpClient> {
	const create = await modules[options.settings.name]();
	return create(options);
}
