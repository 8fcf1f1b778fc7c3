import type {Socket} from 'node:net';

/**
 * The proxy connections of CONNECTs still unanswered, by the request that waits for each tunnel
 * (proxy-agents.ts fills it). https-proxy-agent keeps that socket to itself until the proxy answers,
 * and Node's request hands the agent nothing when it is destroyed before it has a socket: a proxy that
 * never answered kept the connection (and the agent's socket slot) for good, a retry waited behind it,
 * and the process never exited. Its own module, with no imports, so got's client reaches it without
 * loading the proxy agents.
 */
const waiting = new WeakMap<object, Socket>();

export function tunnelStarted(request: object, socket: Socket): void {
	waiting.set(request, socket);
}

export function tunnelEnded(request: object): void {
	waiting.delete(request);
}

/**
 * The request was given up (aborted, timed out): its CONNECT too. With an error, so that https-proxy-agent
 * stops waiting for the answer and agent-base frees the socket slot it held for it.
 */
export function abandonTunnel(request: object | undefined): void {
	if (request !== undefined) {
		waiting.get(request)?.destroy(new Error('tunnel abandoned: its request was aborted'));
		waiting.delete(request);
	}
}
