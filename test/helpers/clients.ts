import {clientNames} from '../../source/engine/run-spec.js';

/**
 * Both HTTP clients a race can use: the tests that pin down what a request's outcome means run over
 * each, so the two cannot drift apart.
 */
export const clients = clientNames;
