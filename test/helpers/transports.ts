import type {TransportName} from '../../source/engine/http-client.js';

/**
 * Both ways the engine can send requests (got on the main thread, node in workers): the tests that
 * pin down what a request's outcome means run over each, so the two cannot drift apart.
 */
export const transports: readonly TransportName[] = ['got', 'node'];
